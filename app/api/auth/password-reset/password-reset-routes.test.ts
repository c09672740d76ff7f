import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as completeRoute } from '@/app/api/auth/password-reset/complete/route';
import { POST as requestRoute } from '@/app/api/auth/password-reset/route';
import { sweepPendingAudit } from '@/lib/audit/sequence-audit';
import { recordFailedAttempt, passwordAttemptKeys } from '@/lib/auth/attempt-limits';
import { changePassword } from '@/lib/auth/change-password';
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
/** The steps of `password.reset` auth events: asking names the address only, the reset names the account. */
const stepsOf = async (where: 'user_id' | 'email', value: string) =>
  (await t.db.query<{ step: string }>(`SELECT detail->>'step' AS step FROM auth_events WHERE kind = 'password.reset' AND outcome = 'success' AND ${where} = $1 ORDER BY id`, [value])).rows.map((r) => r.step);

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
      // The same work for all three: one row each (no user for the two without an active account).
      const rows = await t.db.query<{ user_id: string | null }>('SELECT user_id FROM password_resets ORDER BY id');
      expect(rows.rows.map((r) => r.user_id)).toEqual([f.users.admin.id, null, null]);
      expect(await stepsOf('email', 'no.account@test.example')).toEqual(['no_account_mailed']);
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
    expect(await stepsOf('email', f.users.globexAdmin.email)).toEqual(['link_mailed', 'link_mailed', 'link_mailed']);
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
    expect(await stepsOf('email', rep.email)).toEqual(['link_mailed', 'link_mailed']);
    expect(await stepsOf('user_id', rep.id)).toEqual(['password_set']);
    await sweepPendingAudit(t.db, 0);
    const audited = await t.db.query("SELECT tenant_id FROM audit_log WHERE action = 'auth.password.reset' AND target_id = $1 AND data->>'step' = 'password_set'", [rep.id]);
    expect(audited.rows.map((r) => r.tenant_id)).toEqual([f.tenants.acme]);
  });

  it('refuses a made-up, malformed or expired token with 404 or 422, and a weak password with 422 naming it', async () => {
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

  it('two completions at once, of one link or of two links of one account: exactly one sets the password, the other gets 404', async () => {
    const admin = f.users.admin;
    for (const twoLinks of [false, true]) {
      resetLimiters();
      await t.db.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1', [admin.id]);
      expect((await ask(admin.email)).status).toBe(202);
      if (twoLinks) expect((await ask(admin.email)).status).toBe(202);
      const [first, second] = await linksTo(admin.email);
      const passwords = ['first of two racing 41', 'second of two racing 42'];
      const answers = await Promise.all([complete(first!, passwords[0]!), complete(twoLinks ? second! : first!, passwords[1]!)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
      const winner = passwords[answers.findIndex((a) => a.status === 200)]!;
      expect(await canSignIn(admin.email, winner)).toBe(true);
    }
  });

  it('a password change voids pending reset links', async () => {
    const auditor = f.users.auditor;
    resetLimiters();
    expect((await ask(auditor.email)).status).toBe(202);
    const [token] = await linksTo(auditor.email);
    await changePassword(auditor.id, { currentPassword: FIXTURE_PASSWORD, newPassword: NEW_PASSWORD }, { ip: '10.7.0.3' });
    expect((await complete(token!, 'someone else chose this 5')).status).toBe(404);
    expect(await canSignIn(auditor.email, NEW_PASSWORD)).toBe(true);
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
