import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import { lifetimeProblem, mintSessionCookie, readSessionCookie, remainingLifetime, type SessionFields } from './session-token';

const fields: SessionFields = {
  sub: '0190a0b0-0000-7000-8000-000000000001',
  sid: '0190a0b0-0000-7000-8000-000000000002',
  sv: 0,
  tid: '0190a0b0-0000-7000-8000-000000000003',
  mfa: false,
  auth: 1_800_000_000,
};

describe('session token', () => {
  beforeEach(() => {
    process.env.AUTH_SECRET = 'test-secret-test-secret-test-secret-0123';
    process.env.SESSION_IDLE_MINUTES = '30';
    process.env.SESSION_MAX_HOURS = '12';
    resetEnvCache();
  });
  afterEach(() => {
    delete process.env.SESSION_IDLE_MINUTES;
    delete process.env.SESSION_MAX_HOURS;
    resetEnvCache();
  });

  it('is an http-only SameSite cookie that round-trips', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cookie = await mintSessionCookie({ ...fields, auth: now }, now);
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', maxAge: 30 * 60 });
    expect(cookie.value).not.toContain(fields.sub);
    expect(await readSessionCookie(cookie.value, now)).toMatchObject({ ...fields, auth: now });
  });

  it('rejects a tampered or foreign token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { value } = await mintSessionCookie({ ...fields, auth: now }, now);
    const flipped = value.slice(0, -3) + (value.endsWith('A') ? 'BBB' : 'AAA');
    expect(await readSessionCookie(flipped, now)).toBeNull();
    expect(await readSessionCookie('garbage', now)).toBeNull();
    expect(await readSessionCookie(undefined, now)).toBeNull();
  });

  it('dies after the idle lifetime and after the absolute lifetime', () => {
    const auth = 1_800_000_000;
    const claims = { ...fields, auth, exp: auth + 1800 };
    expect(lifetimeProblem(claims, auth + 1799)).toBeNull();
    expect(lifetimeProblem(claims, auth + 1800)).toBe('idle');
    // Active all along (exp slid forward), but 12 hours after sign-in it ends anyway.
    expect(lifetimeProblem({ ...claims, exp: auth + 13 * 3600 }, auth + 12 * 3600)).toBe('absolute');
  });

  it('never issues a cookie that outlives the absolute deadline', () => {
    const auth = 1_800_000_000;
    expect(remainingLifetime({ auth }, auth)).toBe(1800);
    expect(remainingLifetime({ auth }, auth + 12 * 3600 - 60)).toBe(60);
    expect(remainingLifetime({ auth }, auth + 13 * 3600)).toBe(0);
  });
});
