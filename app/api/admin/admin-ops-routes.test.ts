import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as getHealth } from '@/app/api/admin/health/route';
import { PUT as putRetention } from '@/app/api/admin/settings/audit-retention/route';
import { PUT as putAllowlist } from '@/app/api/admin/settings/ip-allowlist/route';
import { PUT as putSyncScope } from '@/app/api/admin/settings/sync-scope/route';
import { POST as switchTenant } from '@/app/api/auth/tenant/route';
import { mintSessionCookie, type SessionFields } from '@/lib/auth/session-token';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { withSession } from '@/lib/auth/with-session';
import { sequenceAudit } from '@/lib/audit/sequence-audit';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { AppError } from '@/lib/http/app-error';
import { PEER_HEADER, peerStamp } from '@/lib/http/peer-address.mjs';
import { resetLimiters } from '@/lib/ratelimit/limiter';
import { setIpAllowlist } from '@/lib/tenancy/security-settings-service';

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
beforeEach(async () => {
  resetLimiters();
  await t.db.query(`UPDATE tenants SET settings = settings - 'ipAllowlist'`);
});

const setList = (tenantId: string, ranges: string[]) => t.db.query(`UPDATE tenants SET settings = jsonb_set(settings, '{ipAllowlist}', $1::jsonb) WHERE id = $2`, [JSON.stringify(ranges), tenantId]);
const listOf = async (tenantId: string) => (await t.db.query<{ l: unknown }>(`SELECT settings->'ipAllowlist' AS l FROM tenants WHERE id = $1`, [tenantId])).rows[0]?.l ?? null;

function fields(userId: string, tenantId: string): SessionFields {
  return { sub: userId, sid: crypto.randomUUID(), sv: 0, tid: tenantId, mfa: true, auth: Math.floor(Date.now() / 1000) };
}

async function request(s: SessionFields, ip: string, init: { method?: string; body?: unknown; url?: string } = {}): Promise<Request> {
  const c = await mintSessionCookie(s);
  const headers = new Headers({ cookie: `${c.name}=${c.value}`, [PEER_HEADER]: peerStamp(ip) });
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return new Request(init.url ?? 'http://localhost/api/x', { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

const ok = async () => ({ done: true });

describe('IP allowlist on every API call (withSession)', () => {
  it('empty list allows every address', async () => {
    expect((await withSession(await request(fields(f.users.rep.id, f.tenants.acme), '198.51.100.7'), {}, ok)).status).toBe(200);
  });

  it('refuses addresses outside the list with 403 ip_not_allowed, for IPv4 and IPv6', async () => {
    await setList(f.tenants.acme, ['10.9.0.0/16', '2001:db8:1::/48']);
    const rep = fields(f.users.rep.id, f.tenants.acme);
    const refused = await withSession(await request(rep, '10.8.0.1'), {}, ok);
    expect(refused.status).toBe(403);
    const body = await refused.json();
    expect(body.error.code).toBe('ip_not_allowed');
    expect(body.error.message).toContain('10.8.0.1');
    expect((await withSession(await request(rep, '2001:db8:2::1'), {}, ok)).status).toBe(403);
    expect((await withSession(await request(rep, '10.9.200.3'), {}, ok)).status).toBe(200);
    expect((await withSession(await request(rep, '2001:db8:1:ffff::9'), {}, ok)).status).toBe(200);
    expect((await withSession(await request(rep, '::ffff:10.9.0.1'), {}, ok)).status).toBe(200);
  });

  it("tenant A's list never affects tenant B (the same person, and B's own members)", async () => {
    await setList(f.tenants.acme, ['10.9.0.0/16']);
    expect((await withSession(await request(fields(f.users.both.id, f.tenants.globex), '10.8.0.1'), {}, ok)).status).toBe(200);
    expect((await withSession(await request(fields(f.users.both.id, f.tenants.acme), '10.8.0.1'), {}, ok)).status).toBe(403);
    expect((await withSession(await request(fields(f.users.globexAdmin.id, f.tenants.globex), '10.8.0.1'), {}, ok)).status).toBe(200);
  });

  it('applies before the second-factor step too', async () => {
    await setList(f.tenants.acme, ['10.9.0.0/16']);
    const admin = { ...fields(f.users.admin.id, f.tenants.acme), mfa: false };
    const res = await withSession(await request(admin, '10.8.0.1'), { allowStages: ['needs_enrollment'] }, ok);
    expect((await res.json()).error.code).toBe('ip_not_allowed');
  });

  it('a tenant switch into an organization that refuses the address is refused', async () => {
    await setList(f.tenants.acme, ['10.9.0.0/16']);
    const res = await switchTenant(await request(fields(f.users.both.id, f.tenants.globex), '10.8.0.1', { method: 'POST', body: { tenantId: f.tenants.acme } }));
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await switchTenant(await request(fields(f.users.both.id, f.tenants.globex), '10.9.0.1', { method: 'POST', body: { tenantId: f.tenants.acme } }))).status).toBe(200);
  });
});

describe('IP allowlist at sign-in', () => {
  it('a correct password from a refused address gets ip_not_allowed; a wrong one stays generic', async () => {
    await setList(f.tenants.acme, ['10.9.0.0/16']);
    const err = await signInWithPassword({ email: f.users.rep.email, password: FIXTURE_PASSWORD }, { ip: '10.8.0.1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ip_not_allowed');
    expect(await signInWithPassword({ email: f.users.rep.email, password: 'wrong password here' }, { ip: '10.8.0.1' })).toBeNull();
    expect((await signInWithPassword({ email: f.users.rep.email, password: FIXTURE_PASSWORD }, { ip: '10.9.3.3' }))?.tid).toBe(f.tenants.acme);
    const events = await t.db.query<{ outcome: string; reason: string }>(
      `SELECT outcome, detail->>'reason' AS reason FROM auth_events WHERE user_id = $1 AND kind = 'sign_in.password' ORDER BY id`,
      [f.users.rep.id],
    );
    expect(events.rows).toContainEqual({ outcome: 'blocked', reason: 'ip_not_allowed' });
  });

  it('a member of two organizations starts in the one that admits the address', async () => {
    const [first, second] = (await t.db.query<{ tenant_id: string }>('SELECT tenant_id FROM memberships WHERE user_id = $1 ORDER BY created_at, tenant_id', [f.users.both.id])).rows.map((r) => r.tenant_id);
    await setList(first!, ['10.9.0.0/16']);
    const s = await signInWithPassword({ email: f.users.both.email, password: FIXTURE_PASSWORD }, { ip: '10.8.0.1' });
    expect(s?.tid).toBe(second);
  });
});

describe('saving the allowlist', () => {
  const adminReq = async (ip: string, body: unknown) =>
    putAllowlist(await request(fields(f.users.owner.id, f.tenants.acme), ip, { method: 'PUT', body, url: 'http://localhost/api/admin/settings/ip-allowlist' }));

  it('refuses a list that would lock the admin out (409, nothing written)', async () => {
    const res = await adminReq('192.0.2.10', { ranges: ['10.0.0.0/8'] });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain('192.0.2.10');
    expect(await listOf(f.tenants.acme)).toBeNull();
  });

  it('names each bad entry (422, nothing written)', async () => {
    const res = await adminReq('192.0.2.10', { ranges: ['192.0.2.0/24', '300.1.1.1', '10.0.0.0/33'] });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(['ranges.1', 'ranges.2']);
    expect(body.error.message).toContain('"300.1.1.1" is not an IP address or CIDR range');
    expect((await adminReq('192.0.2.10', { ranges: 'not a list' })).status).toBe(422);
    expect((await adminReq('192.0.2.10', { nope: [] })).status).toBe(422);
    expect(await listOf(f.tenants.acme)).toBeNull();
  });

  it('saves a list that includes the caller, audits it, and leaves the other tenant alone', async () => {
    const res = await adminReq('192.0.2.10', { ranges: ['192.0.2.0/24', ' 2001:db8::/32 ', '192.0.2.0/24'] });
    expect(res.status).toBe(200);
    expect((await res.json()).ipAllowlist).toEqual(['192.0.2.0/24', '2001:db8::/32']);
    expect(await listOf(f.tenants.acme)).toEqual(['192.0.2.0/24', '2001:db8::/32']);
    expect(await listOf(f.tenants.globex)).toBeNull();
    await sequenceAudit(f.tenants.acme, t.db); // sequence before read
    const audit = await t.db.query<{ data: { after: string[] } }>(`SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'settings.ip_allowlist'`, [f.tenants.acme]);
    expect(audit.rows.at(-1)?.data.after).toEqual(['192.0.2.0/24', '2001:db8::/32']);
    expect((await adminReq('192.0.2.10', { ranges: [] })).status).toBe(200);
  });

  it('a rep may not change it (403)', async () => {
    const res = await putAllowlist(await request(fields(f.users.rep.id, f.tenants.acme), '192.0.2.10', { method: 'PUT', body: { ranges: [] } }));
    expect(res.status).toBe(403);
  });

  it('an admin of one tenant only ever writes their own tenant', async () => {
    await setIpAllowlist({ userId: f.users.globexAdmin.id, tenantId: f.tenants.globex, role: 'admin', ip: '192.0.2.10' }, { ranges: ['192.0.2.0/24'] }, t.db);
    expect(await listOf(f.tenants.globex)).toEqual(['192.0.2.0/24']);
    expect(await listOf(f.tenants.acme)).toBeNull();
  });
});

describe('audit retention setting', () => {
  const retentionOf = async (tenantId: string) => (await t.db.query<{ d: unknown }>(`SELECT settings->'auditRetentionDays' AS d FROM tenants WHERE id = $1`, [tenantId])).rows[0]?.d ?? null;
  const put = async (userId: string, tenantId: string, body: unknown) =>
    putRetention(await request(fields(userId, tenantId), '192.0.2.10', { method: 'PUT', body, url: 'http://localhost/api/admin/settings/audit-retention' }));

  it('rejects bad input with a clear 422 and writes nothing', async () => {
    for (const body of [{ days: 5 }, { days: 99999 }, { days: 30.5 }, { days: '90' }, {}]) {
      const res = await put(f.users.owner.id, f.tenants.acme, body);
      expect(res.status).toBe(422);
      expect((await res.json()).error.message).toMatch(/days/);
    }
    expect(await retentionOf(f.tenants.acme)).toBeNull();
  });

  it('saves for the caller’s tenant only, audited; null keeps for ever; a rep may not', async () => {
    expect((await put(f.users.owner.id, f.tenants.acme, { days: 365 })).status).toBe(200);
    expect(await retentionOf(f.tenants.acme)).toBe(365);
    expect(await retentionOf(f.tenants.globex)).toBeNull();
    await sequenceAudit(f.tenants.acme, t.db); // sequence before read
    const audit = await t.db.query<{ data: unknown }>(`SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'settings.audit_retention'`, [f.tenants.acme]);
    expect(audit.rows.at(-1)?.data).toEqual({ before: null, after: 365 });
    expect((await put(f.users.owner.id, f.tenants.acme, { days: null })).status).toBe(200);
    expect(await retentionOf(f.tenants.acme)).toBeNull();
    expect((await put(f.users.rep.id, f.tenants.acme, { days: 90 })).status).toBe(403);
  });
});

describe('sync scope setting', () => {
  const scopeOf = async (tenantId: string) => (await t.db.query<{ s: unknown }>(`SELECT settings->'syncScope' AS s FROM tenants WHERE id = $1`, [tenantId])).rows[0]?.s ?? null;
  const put = async (userId: string, tenantId: string, body: unknown) =>
    putSyncScope(await request(fields(userId, tenantId), '192.0.2.10', { method: 'PUT', body, url: 'http://localhost/api/admin/settings/sync-scope' }));

  it('rejects bad input with a 422 naming the field, and a rep with 403; writes nothing', async () => {
    for (const body of [{ scope: 'region' }, { scope: 'OWN' }, { scope: 1 }, {}, { scope: 'own', extra: true }]) {
      const res = await put(f.users.owner.id, f.tenants.acme, body);
      expect(res.status).toBe(422);
      expect(JSON.stringify((await res.json()).error)).toMatch(/scope|extra/);
    }
    expect((await put(f.users.rep.id, f.tenants.acme, { scope: 'own' })).status).toBe(403);
    expect(await scopeOf(f.tenants.acme)).toBeNull();
  });

  it('saves for the caller’s tenant only, audited', async () => {
    const res = await put(f.users.owner.id, f.tenants.acme, { scope: 'own' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ scope: 'own' });
    expect(await scopeOf(f.tenants.acme)).toBe('own');
    expect(await scopeOf(f.tenants.globex)).toBeNull();
    await sequenceAudit(f.tenants.acme, t.db);
    const audit = await t.db.query<{ data: unknown }>(`SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'settings.sync_scope'`, [f.tenants.acme]);
    expect(audit.rows.at(-1)?.data).toEqual({ before: 'all', after: 'own' });
    expect((await put(f.users.owner.id, f.tenants.acme, { scope: 'team' })).status).toBe(200);
    expect(await scopeOf(f.tenants.acme)).toBe('team');
    expect((await put(f.users.owner.id, f.tenants.acme, { scope: 'territory' })).status).toBe(200);
    expect(await scopeOf(f.tenants.acme)).toBe('territory');
    expect((await put(f.users.owner.id, f.tenants.acme, { scope: 'all' })).status).toBe(200);
    expect(await scopeOf(f.tenants.acme)).toBe('all');
  });
});

describe('health endpoint', () => {
  it('owners and admins only; figures of their own organization', async () => {
    expect((await getHealth(await request(fields(f.users.rep.id, f.tenants.acme), '192.0.2.10'))).status).toBe(403);
    const res = await getHealth(await request(fields(f.users.globexAdmin.id, f.tenants.globex), '192.0.2.10'));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.readiness.checks.database.ok).toBe(true);
    expect(body.database.samples).toBe(5);
    expect(JSON.stringify(body)).not.toContain(f.tenants.acme);
  });
});
