import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { AppError } from '../http/app-error';
import { resetLimiters } from '../ratelimit/limiter';
import { loadAuthState } from './auth-state';
import { verifySecondFactor } from './second-factor';
import { bumpSessionVersion, revokeSession } from './sessions';
import type { SessionClaims } from './session-token';
import { signInWithPassword } from './sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from './testing-fixtures';
import { totpCodeAt } from './totp';
import { confirmEnrollment, disableTotp, regenerateRecoveryCodes, startEnrollment } from './totp-enrollment';

let t: TestDatabase;
let f: Fixture;
let ipN = 0;
const meta = () => ({ ip: `10.0.0.${++ipN}` });

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

async function signedIn(email: string): Promise<SessionClaims> {
  const fields = await signInWithPassword({ email, password: FIXTURE_PASSWORD }, meta());
  if (!fields) throw new Error('sign-in failed');
  return fields;
}

const now = () => Date.now() / 1000;

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});
beforeEach(() => resetLimiters());

describe('password sign-in', () => {
  it('starts a session in the first tenant without the second factor passed', async () => {
    const s = await signedIn(f.users.rep.email);
    expect(s).toMatchObject({ sub: f.users.rep.id, tid: f.tenants.acme, mfa: false, sv: 0 });
    const events = await t.db.query("SELECT outcome FROM auth_events WHERE user_id = $1 AND kind = 'sign_in.password'", [f.users.rep.id]);
    expect(events.rows).toEqual([{ outcome: 'success' }]);
  });

  it('fails the same way for a wrong password and an unknown email, and records both', async () => {
    expect(await signInWithPassword({ email: f.users.rep.email, password: 'wrong password here' }, meta())).toBeNull();
    expect(await signInWithPassword({ email: 'nobody@test.example', password: FIXTURE_PASSWORD }, meta())).toBeNull();
    const r = await t.db.query<{ email: string; detail: { reason: string } }>("SELECT email, detail FROM auth_events WHERE outcome = 'failure' ORDER BY id");
    expect(r.rows.map((x) => x.detail.reason)).toEqual(['wrong_password', 'unknown_email']);
  });

  it('locks the account after 5 failures, even for the right password and from another IP', async () => {
    const email = f.users.auditor.email;
    for (let i = 0; i < 5; i++) expect(await signInWithPassword({ email, password: `nope-${i}-xxxx` }, meta())).toBeNull();
    const err = await errorOf(signInWithPassword({ email, password: FIXTURE_PASSWORD }, meta()));
    expect(err.status).toBe(429);
    expect(Number(err.headers?.['Retry-After'])).toBeGreaterThan(800);
  });

  it('refuses a deactivated user', async () => {
    await t.db.query('UPDATE memberships SET is_active = false WHERE user_id = $1', [f.users.auditor.id]);
    expect(await signInWithPassword({ email: f.users.auditor.email, password: FIXTURE_PASSWORD }, meta())).toBeNull();
    await t.db.query('UPDATE memberships SET is_active = true WHERE user_id = $1', [f.users.auditor.id]);
  });
});

describe('session checks on every request', () => {
  it('a rep is ready, an admin must enroll first', async () => {
    expect((await loadAuthState(await signedIn(f.users.rep.email)))?.stage).toBe('ready');
    const admin = await loadAuthState(await signedIn(f.users.admin.email));
    expect(admin).toMatchObject({ stage: 'needs_enrollment', mfaRequired: true, tenant: { role: 'admin' } });
  });

  it('a signed-out session and sessions of an older version are dead at once', async () => {
    const a = await signedIn(f.users.rep.email);
    const b = await signedIn(f.users.rep.email);
    await revokeSession(a.sid, a.sub, now() + 3600);
    expect(await loadAuthState(a)).toBeNull();
    expect(await loadAuthState(b)).not.toBeNull();
    const sv = await bumpSessionVersion(f.users.rep.id);
    expect(await loadAuthState(b)).toBeNull();
    expect(await loadAuthState({ ...b, sv })).not.toBeNull();
  });

  it('a removed membership ends the session in that tenant', async () => {
    const s = await signedIn(f.users.both.email);
    await t.db.query('UPDATE memberships SET is_active = false WHERE user_id = $1 AND tenant_id = $2', [f.users.both.id, s.tid]);
    expect(await loadAuthState(s)).toBeNull();
    await t.db.query('UPDATE memberships SET is_active = true WHERE user_id = $1', [f.users.both.id]);
  });

  it('a member of two tenants carries a role per tenant', async () => {
    const s = await signedIn(f.users.both.email);
    const acme = await loadAuthState({ ...s, tid: f.tenants.acme });
    const globex = await loadAuthState({ ...s, tid: f.tenants.globex });
    expect(acme?.tenant.role).toBe('rep');
    expect(globex?.tenant.role).toBe('manager');
    expect(acme?.memberships.map((m) => m.tenantName)).toEqual(['Acme', 'Globex']);
  });
});

describe('TOTP enrollment and the second factor', () => {
  // The clock stands still in the middle of a 30 s step: the tests make codes for the step
  // before, this one and the next, and a real clock crossing a step boundary between making a
  // code and checking it pushed one out of the ±1 step window (a CI failure on Postgres).
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: Math.floor(Date.now() / 30_000) * 30_000 + 15_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('enrolls, stores the secret sealed, refuses replays, accepts each recovery code once', async () => {
    const userId = f.users.owner.id;
    const { secret, uri, qrSvg } = await startEnrollment(userId, f.users.owner.email);
    expect(uri).toContain(secret);
    expect(qrSvg).toContain('<svg');
    const stored = await t.db.query<{ secret_enc: string }>('SELECT secret_enc FROM user_totp WHERE user_id = $1', [userId]);
    expect(stored.rows[0]?.secret_enc).toMatch(/^v1\./);
    expect(stored.rows[0]?.secret_enc).not.toContain(secret);

    const wrong = await errorOf(confirmEnrollment(userId, '000000', meta()));
    expect(wrong.status).toBe(422);
    const code = await totpCodeAt(secret, now());
    const codes = await confirmEnrollment(userId, code, meta());
    expect(codes).toHaveLength(10);
    const hashes = await t.db.query<{ code_hash: string }>('SELECT code_hash FROM recovery_codes WHERE user_id = $1', [userId]);
    expect(hashes.rows).toHaveLength(10);
    expect(hashes.rows.map((r) => r.code_hash)).not.toContain(codes[0]);

    // The confirming code's step is used up: the same code cannot sign in.
    expect((await errorOf(verifySecondFactor(userId, code, meta()))).status).toBe(422);
    const replay = await t.db.query("SELECT detail->>'reason' AS reason FROM auth_events WHERE user_id = $1 AND kind = 'sign_in.second_factor'", [userId]);
    expect(replay.rows).toEqual([{ reason: 'replayed' }]);

    expect(await verifySecondFactor(userId, codes[0]!.toLowerCase(), meta())).toBe('recovery');
    expect((await errorOf(verifySecondFactor(userId, codes[0]!, meta()))).status).toBe(422);
    expect(await verifySecondFactor(userId, codes[1]!, meta())).toBe('recovery');

    // A restarted enrollment is refused while the factor is on.
    expect((await errorOf(startEnrollment(userId, f.users.owner.email))).status).toBe(409);

    const s = await signedIn(f.users.owner.email);
    expect((await loadAuthState(s))?.stage).toBe('needs_second_factor');
    expect((await loadAuthState({ ...s, mfa: true }))?.stage).toBe('ready');
  });

  it('locks code entry after 5 wrong codes', async () => {
    const userId = f.users.owner.id;
    for (let i = 0; i < 4; i++) expect((await errorOf(verifySecondFactor(userId, '111111', meta()))).status).toBe(422);
    expect((await errorOf(verifySecondFactor(userId, '111111', meta()))).status).toBe(429);
    expect((await errorOf(verifySecondFactor(userId, '222222', meta()))).status).toBe(429);
  });

  it('regenerating and disabling need a fresh authenticator code, not a recovery code', async () => {
    const userId = f.users.admin.id;
    const { secret } = await startEnrollment(userId, f.users.admin.email);
    const first = await confirmEnrollment(userId, await totpCodeAt(secret, now() - 30), meta());
    expect((await errorOf(regenerateRecoveryCodes(userId, first[0]!, meta()))).status).toBe(422);
    const fresh = await regenerateRecoveryCodes(userId, await totpCodeAt(secret, now()), meta());
    expect(fresh).not.toContain(first[2]);
    expect((await errorOf(verifySecondFactor(userId, first[2]!, meta()))).status).toBe(422);
    await disableTotp(userId, await totpCodeAt(secret, now() + 30), meta());
    const left = await t.db.query('SELECT 1 FROM user_totp WHERE user_id = $1 UNION ALL SELECT 1 FROM recovery_codes WHERE user_id = $1', [userId]);
    expect(left.rows).toEqual([]);
  });
});
