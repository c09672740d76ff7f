// PATCH /api/admin/members/:id with `team` (sync scope 'team'): validation, roles, audit and
// tenant isolation through the real route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH } from '@/app/api/admin/members/[userId]/route';
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

async function patch(s: SessionFields, targetId: string, body: string): Promise<Response> {
  resetLimiters();
  const c = await mintSessionCookie(s);
  const req = new Request(`http://localhost/api/admin/members/${targetId}`, { method: 'PATCH', headers: { cookie: `${c.name}=${c.value}`, 'content-type': 'application/json' }, body });
  return PATCH(req, { params: Promise.resolve({ userId: targetId }) });
}

const teamOf = async (userId: string, tenantId: string) =>
  (await t.db.query<{ team: string | null }>('SELECT team FROM memberships WHERE user_id = $1 AND tenant_id = $2', [userId, tenantId])).rows[0]!.team;

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
      if ('team' in body && !('colour' in body)) expect((await res.json()).error.message, JSON.stringify(body)).toMatch(/team/);
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
