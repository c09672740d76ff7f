import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as createInviteRoute } from '@/app/api/admin/invites/route';
import { GET as devMail } from '@/app/api/dev/mail/route';
import { POST as acceptInviteRoute } from '@/app/api/invites/accept/route';
import { POST as completeSignupRoute } from '@/app/api/organizations/complete/route';
import { POST as requestSignupRoute } from '@/app/api/organizations/route';
import { loadAuthState } from '@/lib/auth/auth-state';
import { sessionCookieName } from '@/lib/auth/auth-config';
import { mintSessionCookie, readSessionCookie, type SessionFields } from '@/lib/auth/session-token';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { resetEnvCache } from '@/lib/env';
import { PEER_HEADER, peerStamp } from '@/lib/http/peer-address.mjs';
import { listDevMail, listOutbox } from '@/lib/mail/mailer';
import { resetLimiters } from '@/lib/ratelimit/limiter';

// Issue 13, items 1 and 6, through the real routes: sign-up is no password oracle and no
// account-existence oracle; an invite to an existing account needs that account signed in.

let t: TestDatabase;
let f: Fixture;
let ipN = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});
afterEach(() => {
  delete process.env.MAIL_DISABLED;
  resetEnvCache();
});

const session = (userId: string, tenantId: string): SessionFields => ({ sub: userId, sid: crypto.randomUUID(), sv: 0, tid: tenantId, mfa: true, auth: Math.floor(Date.now() / 1000) });

async function post(route: (req: Request) => Promise<Response>, path: string, body: unknown, s?: SessionFields): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${Math.floor(++ipN / 200)}.${ipN % 200}` };
  if (s) {
    const c = await mintSessionCookie(s);
    headers.cookie = `${c.name}=${c.value}`;
  }
  return route(new Request(`http://localhost${path}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

const signupLink = async (email: string) => {
  const mail = (await listDevMail(email))[0];
  const token = /\/create-organization\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no sign-up link for ${email}`);
  return { mail: mail!, token };
};
const tenantsNamed = async (name: string) => (await t.db.query('SELECT id FROM tenants WHERE name = $1', [name])).rows.length;

describe('POST /api/organizations (sign-up, step 1)', () => {
  it('never checks an existing account’s password: wrong and right passwords get the same 202, and nothing is created', async () => {
    const answers: { status: number; body: unknown }[] = [];
    for (const password of ['wrong guess number 1', 'wrong guess number 2', FIXTURE_PASSWORD]) {
      resetLimiters();
      const res = await post(requestSignupRoute, '/api/organizations', { organizationName: 'Oracle Inc', name: 'Mallory', email: f.users.rep.email, password });
      answers.push({ status: res.status, body: await res.json() });
    }
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await tenantsNamed('Oracle Inc')).toBe(0);
    // The account's owner is told by mail; the mail asks for no password.
    const mails = await listDevMail(f.users.rep.email);
    expect(mails[0]?.subject).toMatch(/Add an organization to your CRM-AI account/);
    expect(mails[0]?.text).toMatch(/sign in as/);
  });

  it('answers a new and an existing address identically', async () => {
    resetLimiters();
    const existing = await post(requestSignupRoute, '/api/organizations', { email: f.users.admin.email });
    resetLimiters();
    const fresh = await post(requestSignupRoute, '/api/organizations', { email: 'nobody.yet@test.example' });
    expect(existing.status).toBe(202);
    expect(fresh.status).toBe(existing.status);
    expect(await fresh.json()).toEqual(await existing.json());
    expect((await listDevMail('nobody.yet@test.example'))[0]?.subject).toMatch(/Finish creating your organization/);
  });

  it('a bad address is a 422 naming the field', async () => {
    resetLimiters();
    const res = await post(requestSignupRoute, '/api/organizations', { email: 'not-an-email' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues[0].path).toBe('email');
  });

  it('mails one address at most a few times an hour, still answering 202', async () => {
    resetLimiters();
    for (let i = 0; i < 5; i++) expect((await post(requestSignupRoute, '/api/organizations', { email: 'flooded@test.example' })).status).toBe(202);
    expect(await listDevMail('flooded@test.example')).toHaveLength(3);
  });

  it('with MAIL_DISABLED=1 refuses with 503 for every address alike', async () => {
    process.env.MAIL_DISABLED = '1';
    resetEnvCache();
    resetLimiters();
    const a = await post(requestSignupRoute, '/api/organizations', { email: f.users.rep.email });
    const b = await post(requestSignupRoute, '/api/organizations', { email: 'someone.new@test.example' });
    expect([a.status, b.status]).toEqual([503, 503]);
    expect((await a.json()).error.message).toEqual((await b.json()).error.message);
    expect((await devMail(new Request('http://localhost/api/dev/mail?to=someone.new@test.example'))).status).toBe(404);
  });
});

describe('GET /api/dev/mail (development outbox)', () => {
  // Security: `npm start` keeps the outbox on in a production build for its local trial; a
  // pending sign-up link in it must not be readable from another machine.
  it('in production with MAIL_DEV_OUTBOX=1, answers only this machine (by socket address), 404 to everyone else', async () => {
    resetLimiters();
    expect((await post(requestSignupRoute, '/api/organizations', { email: 'outbox.reader@test.example' })).status).toBe(202);
    const saved = { NODE_ENV: process.env.NODE_ENV, MAIL_DEV_OUTBOX: process.env.MAIL_DEV_OUTBOX, WEBHOOK_ALLOW_PRIVATE_TARGETS: process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS, APP_URL: process.env.APP_URL };
    const env = process.env as Record<string, string | undefined>;
    Object.assign(env, { NODE_ENV: 'production', MAIL_DEV_OUTBOX: '1', WEBHOOK_ALLOW_PRIVATE_TARGETS: '0', APP_URL: 'http://127.0.0.1:3000' });
    resetEnvCache();
    try {
      const read = (ip: string) =>
        devMail(new Request('http://localhost/api/dev/mail?to=outbox.reader@test.example', { headers: { [PEER_HEADER]: peerStamp(ip), 'x-forwarded-for': '127.0.0.1' } }));
      const remote = await read('203.0.113.5');
      expect(remote.status).toBe(404);
      const local = await read('127.0.0.1');
      expect(local.status).toBe(200);
      expect((await local.json()).mails[0].text).toMatch(/\/create-organization\//);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete env[k];
        else env[k] = v;
      }
      resetEnvCache();
    }
  });
});

describe('POST /api/organizations/complete (sign-up, step 2)', () => {
  it('a new address chooses name and password from the link, gets a session as owner, and the link works once', async () => {
    resetLimiters();
    await post(requestSignupRoute, '/api/organizations', { email: 'peter@initech.example' });
    const { token } = await signupLink('peter@initech.example');
    expect((await post(completeSignupRoute, '/api/organizations/complete', { token, organizationName: 'Initech', name: 'Peter' })).status).toBe(422);
    const res = await post(completeSignupRoute, '/api/organizations/complete', { token, organizationName: 'Initech', name: 'Peter', password: 'staplers are red 1999' });
    expect(res.status).toBe(201);
    const cookie = new RegExp(`${sessionCookieName()}=([^;]+)`).exec(res.headers.get('set-cookie') ?? '')?.[1];
    const claims = await readSessionCookie(decodeURIComponent(cookie ?? ''));
    expect(await loadAuthState(claims!)).toMatchObject({ tenant: { tenantName: 'Initech', role: 'owner' }, stage: 'needs_enrollment' });
    expect(await signInWithPassword({ email: 'peter@initech.example', password: 'staplers are red 1999' }, { ip: '10.9.9.9' })).not.toBeNull();
    expect((await post(completeSignupRoute, '/api/organizations/complete', { token, organizationName: 'Again', name: 'P', password: 'staplers are red 1999' })).status).toBe(404);
  });

  it('an existing account’s link works only signed in as that account', async () => {
    resetLimiters();
    await post(requestSignupRoute, '/api/organizations', { email: f.users.auditor.email });
    const { token } = await signupLink(f.users.auditor.email);
    const body = { token, organizationName: 'Auditor Side Org', name: 'Mallory', password: 'mallory picks this one' };
    expect((await post(completeSignupRoute, '/api/organizations/complete', body)).status).toBe(401);
    expect((await post(completeSignupRoute, '/api/organizations/complete', body, session(f.users.rep.id, f.tenants.acme))).status).toBe(403);
    expect(await tenantsNamed('Auditor Side Org')).toBe(0);
    // The chosen "password" was never applied to the account.
    expect(await signInWithPassword({ email: f.users.auditor.email, password: 'mallory picks this one' }, { ip: '10.9.9.10' })).toBeNull();
    const ok = await post(completeSignupRoute, '/api/organizations/complete', { token, organizationName: 'Auditor Side Org' }, session(f.users.auditor.id, f.tenants.acme));
    expect(ok.status).toBe(201);
    const s = await signInWithPassword({ email: f.users.auditor.email, password: FIXTURE_PASSWORD }, { ip: '10.9.9.11' });
    expect((await loadAuthState(s!))?.memberships.map((m) => `${m.tenantName}:${m.role}`)).toContain('Auditor Side Org:owner');
  });
});

describe('POST /api/invites/accept', () => {
  async function invite(email: string): Promise<string> {
    resetLimiters();
    const res = await post(createInviteRoute, '/api/admin/invites', { email, role: 'auditor' }, session(f.users.globexAdmin.id, f.tenants.globex));
    expect(res.status).toBe(201);
    const mail = (await listOutbox(f.tenants.globex)).find((m) => m.to === email);
    return /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1] ?? '';
  }
  const memberOfGlobex = async (userId: string) =>
    (await t.db.query('SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2', [f.tenants.globex, userId])).rows.length > 0;

  it('an invite to an existing account is refused without that account signed in, and accepted with it', async () => {
    const token = await invite(f.users.owner.email);
    expect((await post(acceptInviteRoute, '/api/invites/accept', { token })).status).toBe(401);
    expect((await post(acceptInviteRoute, '/api/invites/accept', { token }, session(f.users.globexAdmin.id, f.tenants.globex))).status).toBe(403);
    expect(await memberOfGlobex(f.users.owner.id)).toBe(false);
    const ok = await post(acceptInviteRoute, '/api/invites/accept', { token }, session(f.users.owner.id, f.tenants.acme));
    expect(ok.status).toBe(200);
    expect(await memberOfGlobex(f.users.owner.id)).toBe(true);
    const refused = await t.db.query<{ detail: { reason: string } }>("SELECT detail FROM auth_events WHERE kind = 'invite.accept' AND outcome = 'failure' AND user_id = $1 ORDER BY id", [f.users.owner.id]);
    expect(refused.rows.map((r) => r.detail.reason)).toEqual(['not_signed_in', 'other_account']);
  });

  it('a new address still accepts with the token, a name and a password', async () => {
    const token = await invite('brand.new@test.example');
    expect((await post(acceptInviteRoute, '/api/invites/accept', { token, name: 'Brand New', password: 'orange kettle drums 77' })).status).toBe(200);
  });

  it('with MAIL_DISABLED=1 an invitation is refused with 503 and none is stored', async () => {
    process.env.MAIL_DISABLED = '1';
    resetEnvCache();
    resetLimiters();
    const res = await post(createInviteRoute, '/api/admin/invites', { email: 'never.sent@test.example', role: 'rep' }, session(f.users.globexAdmin.id, f.tenants.globex));
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toMatch(/MAIL_DISABLED/);
    expect((await t.db.query("SELECT 1 FROM invites WHERE email = 'never.sent@test.example'")).rows).toEqual([]);
  });
});
