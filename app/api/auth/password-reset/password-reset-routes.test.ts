import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as completeRoute } from '@/app/api/auth/password-reset/complete/route';
import { POST as requestRoute } from '@/app/api/auth/password-reset/route';
import { recordFailedAttempt, passwordAttemptKeys } from '@/lib/auth/attempt-limits';
import { loadAuthState } from '@/lib/auth/auth-state';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { listDevMail } from '@/lib/mail/mailer';
import { resetLimiters } from '@/lib/ratelimit/limiter';

// Issue 18, item 3, through the real routes: a reset is no account-existence oracle, a link
// works once and only for an hour, and using it ends every session of the account.

let t: TestDatabase;
let f: Fixture;
let ipN = 0;
const NEW_PASSWORD = 'copper meadow violin 31';

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

function post(route: (req: Request) => Promise<Response>, path: string, body: unknown): Promise<Response> {
  const headers = { 'content-type': 'application/json', 'x-forwarded-for': `10.8.${Math.floor(++ipN / 200)}.${ipN % 200}` };
  return route(new Request(`http://localhost${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) }));
}
const ask = (email: string) => post(requestRoute, '/api/auth/password-reset', { email });
const complete = (token: string, password: string) => post(completeRoute, '/api/auth/password-reset/complete', { token, password });

/** The tokens of the reset links mailed to `email`, newest first. */
async function linksTo(email: string): Promise<string[]> {
  return (await listDevMail(email)).map((m) => /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(m.text)?.[1]).filter((x): x is string => Boolean(x));
}
const canSignIn = async (email: string, password: string) => (await signInWithPassword({ email, password }, { ip: '10.7.0.1' })) !== null;
const events = async (userId: string) =>
  (await t.db.query<{ outcome: string; step: string }>("SELECT outcome, detail->>'step' AS step FROM auth_events WHERE kind = 'password.reset' AND user_id = $1 ORDER BY id", [userId])).rows;

describe('POST /api/auth/password-reset (ask for a link)', () => {
  it('answers an account, an unknown and a deactivated address identically; only the active account gets a link', async () => {
    await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [f.users.auditor.id]);
    try {
      const answers = [];
      for (const email of [f.users.admin.email, 'no.account@test.example', f.users.auditor.email]) {
        resetLimiters();
        const res = await ask(email);
        answers.push({ status: res.status, body: await res.json() });
      }
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(await linksTo(f.users.admin.email)).toHaveLength(1);
      // The others are told, by mail, that no active account uses the address: no link.
      for (const email of ['no.account@test.example', f.users.auditor.email]) {
        const mails = await listDevMail(email);
        expect(mails).toHaveLength(1);
        expect(mails[0]?.text).toMatch(/no active account uses it/);
        expect(await linksTo(email)).toEqual([]);
      }
    } finally {
      await t.db.query('UPDATE users SET is_active = true WHERE id = $1', [f.users.auditor.id]);
    }
  });

  it('bad input is a 422 naming the field, an oversized body a 413; nothing is mailed', async () => {
    resetLimiters();
    const bad = await ask('not-an-email');
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues[0].path).toBe('email');
    const missing = await post(requestRoute, '/api/auth/password-reset', {});
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.issues[0].path).toBe('email');
    expect((await post(requestRoute, '/api/auth/password-reset', JSON.stringify({ email: `${'a'.repeat(5000)}@test.example` }))).status).toBe(413);
    expect((await post(requestRoute, '/api/auth/password-reset', '{"email":')).status).toBe(400);
  });

  it('mails one address at most three times an hour, still answering 202', async () => {
    resetLimiters();
    for (let i = 0; i < 5; i++) expect((await ask(f.users.globexAdmin.email)).status).toBe(202);
    expect(await linksTo(f.users.globexAdmin.email)).toHaveLength(3);
    expect((await events(f.users.globexAdmin.id)).map((e) => e.step)).toEqual(['link_mailed', 'link_mailed', 'link_mailed']);
    const blocked = await t.db.query("SELECT 1 FROM auth_events WHERE kind = 'password.reset' AND outcome = 'blocked' AND email = $1", [f.users.globexAdmin.email]);
    expect(blocked.rows).toHaveLength(2);
  });
});

describe('POST /api/auth/password-reset/complete (choose a new password)', () => {
  it('sets the password once, ends every session, kills the account’s other links, lifts a lock, and is audited in its organizations', async () => {
    const rep = f.users.rep;
    resetLimiters();
    expect((await ask(rep.email)).status).toBe(202);
    expect((await ask(rep.email)).status).toBe(202);
    const [newest, older] = await linksTo(rep.email);
    const before = (await t.db.query<{ session_version: number }>('SELECT session_version FROM users WHERE id = $1', [rep.id])).rows[0]!.session_version;
    const oldSession = { sub: rep.id, sid: crypto.randomUUID(), sv: before, tid: f.tenants.acme, mfa: true, auth: Math.floor(Date.now() / 1000) };
    expect(await loadAuthState(oldSession)).not.toBeNull();
    // Locked by someone guessing the old password.
    for (let i = 0; i < 5; i++) await recordFailedAttempt(passwordAttemptKeys(rep.email, '10.6.0.1'));
    await expect(signInWithPassword({ email: rep.email, password: FIXTURE_PASSWORD }, { ip: '10.7.0.2' })).rejects.toMatchObject({ status: 429 });

    const res = await complete(newest!, NEW_PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: rep.email });
    expect(await canSignIn(rep.email, NEW_PASSWORD)).toBe(true);
    expect(await canSignIn(rep.email, FIXTURE_PASSWORD)).toBe(false);
    // The session from before the reset is over.
    expect(await loadAuthState(oldSession)).toBeNull();
    // This link and the older one are both used up.
    for (const token of [newest!, older!]) expect((await complete(token, 'another fine passphrase 9')).status).toBe(404);
    expect(await canSignIn(rep.email, NEW_PASSWORD)).toBe(true);
    expect((await events(rep.id)).map((e) => e.step)).toEqual(['link_mailed', 'link_mailed', 'password_set']);
    const audited = await t.db.query("SELECT tenant_id FROM audit_log WHERE action = 'auth.password.reset' AND target_id = $1 AND data->>'step' = 'password_set'", [rep.id]);
    expect(audited.rows.map((r) => r.tenant_id)).toEqual([f.tenants.acme]);
  });

  it('refuses a made-up, malformed or expired token with 404 or 422 and a weak password with 422 naming it; the link stays usable after a refusal', async () => {
    const owner = f.users.owner;
    resetLimiters();
    expect((await ask(owner.email)).status).toBe(202);
    const [token] = await linksTo(owner.email);
    expect((await complete('Z'.repeat(43), NEW_PASSWORD)).status).toBe(404);
    const malformed = await complete('short', NEW_PASSWORD);
    expect(malformed.status).toBe(422);
    expect((await malformed.json()).error.issues[0].path).toBe('token');
    const weak = await complete(token!, 'password');
    expect(weak.status).toBe(422);
    expect((await weak.json()).error.issues[0].path).toBe('password');
    expect(await canSignIn(owner.email, FIXTURE_PASSWORD)).toBe(true);
    // Expired an hour later: refused, password unchanged.
    await t.db.query("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1", [owner.id]);
    expect((await complete(token!, NEW_PASSWORD)).status).toBe(404);
    expect(await canSignIn(owner.email, FIXTURE_PASSWORD)).toBe(true);
  });

  it('a link of a deactivated account no longer works', async () => {
    const both = f.users.both;
    resetLimiters();
    expect((await ask(both.email)).status).toBe(202);
    const [token] = await linksTo(both.email);
    await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [both.id]);
    try {
      expect((await complete(token!, NEW_PASSWORD)).status).toBe(404);
    } finally {
      await t.db.query('UPDATE users SET is_active = true WHERE id = $1', [both.id]);
    }
  });
});
