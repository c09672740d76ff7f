// The member routes through withSession: a member's team and territories (sync scopes 'team'
// and 'territory') and the reset of a second factor, with validation, roles, audit and tenant
// isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as reset2fa } from '@/app/api/admin/members/[userId]/reset-2fa/route';
import { PATCH } from '@/app/api/admin/members/[userId]/route';
import { loadAuthState } from '@/lib/auth/auth-state';
import { mintSessionCookie, type SessionFields } from '@/lib/auth/session-token';
import { seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { sequenceAudit } from '@/lib/audit/sequence-audit';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { resetLimiters } from '@/lib/ratelimit/limiter';

let t: TestDatabase;
let f: Fixture;

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

const session = (userId: string, tenantId: string): SessionFields => ({ sub: userId, sid: crypto.randomUUID(), sv: 0, tid: tenantId, mfa: true, auth: Math.floor(Date.now() / 1000) });

async function post(s: SessionFields, targetId: string): Promise<Response> {
  resetLimiters();
  const c = await mintSessionCookie(s);
  const req = new Request(`http://localhost/api/admin/members/${targetId}/reset-2fa`, { method: 'POST', headers: { cookie: `${c.name}=${c.value}` } });
  return reset2fa(req, { params: Promise.resolve({ userId: targetId }) });
}

async function enroll(userId: string): Promise<void> {
  // The row's presence is what counts here; the secret is never decrypted in these tests.
  await t.db.query(`INSERT INTO user_totp (user_id, secret_enc, confirmed_at) VALUES ($1, 'sealed', now()) ON CONFLICT (user_id) DO NOTHING`, [userId]);
  await t.db.query(`INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [userId, `hash-${userId}`]);
}
const hasFactor = async (userId: string) => (await t.db.query('SELECT 1 FROM user_totp WHERE user_id = $1', [userId])).rows.length > 0;
const sessionVersion = async (userId: string) => (await t.db.query<{ sv: number }>('SELECT session_version AS sv FROM users WHERE id = $1', [userId])).rows[0]!.sv;

async function patch(s: SessionFields, targetId: string, body: string): Promise<Response> {
  resetLimiters();
  const c = await mintSessionCookie(s);
  const req = new Request(`http://localhost/api/admin/members/${targetId}`, { method: 'PATCH', headers: { cookie: `${c.name}=${c.value}`, 'content-type': 'application/json' }, body });
  return PATCH(req, { params: Promise.resolve({ userId: targetId }) });
}

const teamOf = async (userId: string, tenantId: string) =>
  (await t.db.query<{ team: string | null }>('SELECT team FROM memberships WHERE user_id = $1 AND tenant_id = $2', [userId, tenantId])).rows[0]!.team;

// First: the reset below ends the rep's sessions, which the role checks here sign in with.
describe('PATCH /api/admin/members/:id { team }', () => {
  it('sets, trims and clears a member’s team, audited with before and after', async () => {
    const admin = session(f.users.admin.id, f.tenants.acme);
    expect((await patch(admin, f.users.rep.id, JSON.stringify({ team: '  North  ' }))).status).toBe(200);
    expect(await teamOf(f.users.rep.id, f.tenants.acme)).toBe('North');
    expect((await patch(admin, f.users.rep.id, JSON.stringify({ team: '' }))).status).toBe(200);
    expect(await teamOf(f.users.rep.id, f.tenants.acme)).toBeNull();
    await sequenceAudit(f.tenants.acme, t.db);
    const audit = await t.db.query<{ action: string; actor_id: string; target_id: string; data: Record<string, unknown> }>(
      `SELECT action, actor_id, target_id, data FROM audit_log WHERE tenant_id = $1 AND action = 'auth.member.team_change' ORDER BY seq`,
      [f.tenants.acme],
    );
    expect(audit.rows.map((r) => [r.actor_id, r.target_id, r.data.from, r.data.to])).toEqual([
      [f.users.admin.id, f.users.rep.id, null, 'North'],
      [f.users.admin.id, f.users.rep.id, 'North', null],
    ]);
  });

  it('refuses a bad team with 422 naming the field, and writes nothing', async () => {
    const admin = session(f.users.admin.id, f.tenants.acme);
    await patch(admin, f.users.rep.id, JSON.stringify({ team: 'South' }));
    for (const body of [{ team: 'x'.repeat(61) }, { team: 'No\u0000rth' }, { team: 5 }, { team: 'North', colour: 'red' }, {}]) {
      const res = await patch(admin, f.users.rep.id, JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.message, JSON.stringify(body)).toMatch('colour' in body ? /colour/ : /team/);
    }
    expect(await teamOf(f.users.rep.id, f.tenants.acme)).toBe('South');
  });

  it('another organization’s admin gets 404 and changes nothing; a rep or an auditor may not set teams', async () => {
    expect((await patch(session(f.users.globexAdmin.id, f.tenants.globex), f.users.rep.id, JSON.stringify({ team: 'Globex' }))).status).toBe(404);
    // The member of both: Globex's admin sets their Globex team only.
    expect((await patch(session(f.users.globexAdmin.id, f.tenants.globex), f.users.both.id, JSON.stringify({ team: 'Globex team' }))).status).toBe(200);
    expect(await teamOf(f.users.both.id, f.tenants.globex)).toBe('Globex team');
    expect(await teamOf(f.users.both.id, f.tenants.acme)).toBeNull();
    expect((await patch(session(f.users.rep.id, f.tenants.acme), f.users.rep.id, JSON.stringify({ team: 'Mine' }))).status).toBe(403);
    expect((await patch(session(f.users.auditor.id, f.tenants.acme), f.users.rep.id, JSON.stringify({ team: 'Mine' }))).status).toBe(403);
    expect(await teamOf(f.users.rep.id, f.tenants.acme)).toBe('South');
  });
});

const territoriesOf = async (userId: string, tenantId: string) =>
  (await t.db.query<{ territories: string[] }>('SELECT territories FROM memberships WHERE user_id = $1 AND tenant_id = $2', [userId, tenantId])).rows[0]!.territories;

describe('PATCH /api/admin/members/:id { territories }', () => {
  it('sets territories trimmed and each once without case, respells and clears them, each audited with before and after; the same list again is no change', async () => {
    const admin = session(f.users.admin.id, f.tenants.acme);
    expect((await patch(admin, f.users.rep.id, JSON.stringify({ territories: ['  France ', 'Belgium', 'FRANCE'] }))).status).toBe(200);
    expect(await territoriesOf(f.users.rep.id, f.tenants.acme)).toEqual(['France', 'Belgium']);
    expect((await patch(admin, f.users.rep.id, JSON.stringify({ territories: ['France', 'Belgium'] }))).status).toBe(200);
    expect((await patch(admin, f.users.rep.id, JSON.stringify({ territories: ['France', 'belgium'] }))).status).toBe(200);
    expect((await patch(admin, f.users.rep.id, JSON.stringify({ territories: [] }))).status).toBe(200);
    expect(await territoriesOf(f.users.rep.id, f.tenants.acme)).toEqual([]);
    await sequenceAudit(f.tenants.acme, t.db);
    const audit = await t.db.query<{ actor_id: string; target_id: string; data: Record<string, unknown> }>(
      `SELECT actor_id, target_id, data FROM audit_log WHERE tenant_id = $1 AND action = 'auth.member.territory_change' ORDER BY seq`,
      [f.tenants.acme],
    );
    expect(audit.rows.map((r) => [r.actor_id, r.target_id, r.data.from, r.data.to])).toEqual([
      [f.users.admin.id, f.users.rep.id, [], ['France', 'Belgium']],
      [f.users.admin.id, f.users.rep.id, ['France', 'Belgium'], ['France', 'belgium']],
      [f.users.admin.id, f.users.rep.id, ['France', 'belgium'], []],
    ]);
  });

  it('refuses bad territories with 422 naming the field, and writes nothing; another organization’s admin gets 404; a rep or an auditor may not set them', async () => {
    const admin = session(f.users.admin.id, f.tenants.acme);
    await patch(admin, f.users.rep.id, JSON.stringify({ territories: ['Spain'] }));
    for (const body of [{ territories: 'Spain' }, { territories: [''] }, { territories: ['x'.repeat(201)] }, { territories: ['Sp\u0000ain'] }, { territories: ['Korea, Republic of'] }, { territories: ['Sp\ud800ain'] }, { territories: ['a\nb'] }, { territories: Array.from({ length: 51 }, (_, i) => `T${i}`) }, { territories: [5] }]) {
      const res = await patch(admin, f.users.rep.id, JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.message, JSON.stringify(body)).toMatch(/territories/);
    }
    expect((await patch(session(f.users.globexAdmin.id, f.tenants.globex), f.users.rep.id, JSON.stringify({ territories: ['Globex'] }))).status).toBe(404);
    expect((await patch(session(f.users.rep.id, f.tenants.acme), f.users.rep.id, JSON.stringify({ territories: ['Mine'] }))).status).toBe(403);
    expect((await patch(session(f.users.auditor.id, f.tenants.acme), f.users.rep.id, JSON.stringify({ territories: ['Mine'] }))).status).toBe(403);
    expect(await territoriesOf(f.users.rep.id, f.tenants.acme)).toEqual(['Spain']);
  });
});

describe('POST /api/admin/members/:id/reset-2fa', () => {
  it('resets a member of this organization only: factor and codes gone, sessions ended, audited in this tenant', async () => {
    await enroll(f.users.rep.id);
    const repSession = session(f.users.rep.id, f.tenants.acme);
    expect(await loadAuthState({ ...repSession })).not.toBeNull();

    const res = await post(session(f.users.admin.id, f.tenants.acme), f.users.rep.id);
    expect(res.status).toBe(200);
    expect(await hasFactor(f.users.rep.id)).toBe(false);
    expect((await t.db.query('SELECT 1 FROM recovery_codes WHERE user_id = $1', [f.users.rep.id])).rows).toHaveLength(0);
    expect(await loadAuthState({ ...repSession })).toBeNull();
    await sequenceAudit(f.tenants.acme, t.db); // sequence before read
    const audit = await t.db.query<{ action: string; actor_id: string; target_id: string }>(
      `SELECT action, actor_id, target_id FROM audit_log WHERE tenant_id = $1 AND action LIKE 'auth.member.%' ORDER BY seq DESC LIMIT 1`,
      [f.tenants.acme],
    );
    expect(audit.rows[0]).toEqual({ action: 'auth.member.reset_second_factor', actor_id: f.users.admin.id, target_id: f.users.rep.id });
  });

  it('refuses (409) for a person who also belongs to another organization, and changes nothing there', async () => {
    await enroll(f.users.both.id);
    const sv = await sessionVersion(f.users.both.id);
    const inGlobex = { ...session(f.users.both.id, f.tenants.globex), sv };
    const inAcme = { ...session(f.users.both.id, f.tenants.acme), sv };

    const res = await post(session(f.users.admin.id, f.tenants.acme), f.users.both.id);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/another organization/);
    expect(await hasFactor(f.users.both.id)).toBe(true);
    expect(await sessionVersion(f.users.both.id)).toBe(sv);
    expect(await loadAuthState(inGlobex)).not.toBeNull();
    expect(await loadAuthState(inAcme)).not.toBeNull();
    // Also when the other membership is inactive: it can be reactivated later.
    await t.db.query('UPDATE memberships SET is_active = false WHERE user_id = $1 AND tenant_id = $2', [f.users.both.id, f.tenants.globex]);
    expect((await post(session(f.users.admin.id, f.tenants.acme), f.users.both.id)).status).toBe(409);
    await t.db.query('UPDATE memberships SET is_active = true WHERE user_id = $1 AND tenant_id = $2', [f.users.both.id, f.tenants.globex]);
    expect(await hasFactor(f.users.both.id)).toBe(true);
  });

  it('another organization’s admin gets 404; an admin cannot reset an owner; a rep may not reset at all', async () => {
    await enroll(f.users.admin.id);
    expect((await post(session(f.users.globexAdmin.id, f.tenants.globex), f.users.admin.id)).status).toBe(404);
    expect((await post(session(f.users.admin.id, f.tenants.acme), f.users.owner.id)).status).toBe(403);
    expect((await post(session(f.users.auditor.id, f.tenants.acme), f.users.admin.id)).status).toBe(403);
    expect(await hasFactor(f.users.admin.id)).toBe(true);
  });
});
