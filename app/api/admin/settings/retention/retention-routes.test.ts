// The retention settings routes end to end: the real withSession with real session cookies,
// permissions, body validation and tenant isolation, on a real database.
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUT as putAuditRetention } from '@/app/api/admin/settings/audit-retention/route';
import { requestAs, useAuthFixtureDatabase } from '@/lib/auth/testing-session';
import { sequenceAudit } from '@/lib/audit/sequence-audit';
import { withSystem, withTenant } from '@/lib/db/with-tenant';
import { applyChanges, systemActor } from '@/lib/records/apply-changes';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from '@/lib/retention/retention-policy';
import { collectionDef } from '@/sync/schema/collections';
import { POST as preview } from './preview/route';
import { GET, PUT } from './route';

const URL = 'http://localhost/api/admin/settings/retention';
const POLICY: RetentionPolicy = { activitiesDays: 365, closedDealsMonths: 24, changeLogDays: 30, runPayloadDays: 10, auditDays: 90 };
const NO_COUNTS = { activities: 0, closedDeals: 0, changes: 0, runPayloads: 0, auditEntries: 0 };

describe('retention settings routes', () => {
  const fx = useAuthFixtureDatabase();
  type Who = { userId: string; tenantId: string } | null;
  let owner: Who, admin: Who, rep: Who, auditor: Who, manager: Who, globexAdmin: Who;

  const get = async (who: Who) => GET(await requestAs(who, URL));
  const put = async (who: Who, body: unknown) => PUT(await requestAs(who, URL, { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body) }));
  const dryRun = async (who: Who, body: unknown) => preview(await requestAs(who, `${URL}/preview`, { method: 'POST', body: JSON.stringify(body) }));
  const settingsOf = async (tenantId: string) => (await fx.t.db.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [tenantId])).rows[0]?.settings;

  beforeAll(async () => {
    const { users, tenants } = fx.f;
    owner = { userId: users.owner.id, tenantId: tenants.acme };
    admin = { userId: users.admin.id, tenantId: tenants.acme };
    rep = { userId: users.rep.id, tenantId: tenants.acme };
    auditor = { userId: users.auditor.id, tenantId: tenants.acme };
    // `both` is a rep in Acme and a manager in Globex.
    manager = { userId: users.both.id, tenantId: tenants.globex };
    globexAdmin = { userId: users.globexAdmin.id, tenantId: tenants.globex };
    // Two of Acme's activities happened long ago, so a dry run there has something to count.
    const def = collectionDef('activities');
    const old = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const docs = [0, 1].map(() => ({
      id: uuidv7(), kind: 'call', subject: 'Old call', body: null, dueAt: null, done: false, occurredAt: old, contactId: null, companyId: null, dealId: null,
      ownerId: null, latitude: null, longitude: null, createdAt: old, updatedAt: old, _deleted: false,
    }));
    await withTenant(tenants.acme, (tx) => applyChanges(tx, systemActor(tenants.acme), def, docs.map((after) => ({ before: null, after })), { source: 'import' }), fx.t.db);
  });

  it('answers 401 without a session and 403 to a manager, a rep and an auditor, and writes nothing', async () => {
    const before = await settingsOf(fx.f.tenants.acme);
    for (const res of [await get(null), await put(null, POLICY), await dryRun(null, POLICY)]) expect(res.status).toBe(401);
    for (const who of [manager, rep, auditor]) {
      for (const res of [await get(who), await put(who, POLICY), await dryRun(who, POLICY)]) {
        expect(res.status).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      }
    }
    expect(await settingsOf(fx.f.tenants.acme)).toEqual(before);
  });

  it('reads the default policy with the server’s defaults, then saves, audits and reads back a policy', async () => {
    const res = await get(owner);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ policy: DEFAULT_RETENTION_POLICY, defaults: { changeLogDays: 7, runPayloadDays: 30 } });

    const saved = await put(admin, POLICY);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ policy: POLICY });
    expect((await (await get(owner)).json()).policy).toEqual(POLICY);
    await sequenceAudit(fx.f.tenants.acme, fx.t.db);
    const audit = await fx.t.db.query<{ actor_id: string; data: unknown }>(
      `SELECT actor_id, data FROM audit_log WHERE tenant_id = $1 AND action = 'settings.retention' ORDER BY seq`,
      [fx.f.tenants.acme],
    );
    expect(audit.rows).toEqual([{ actor_id: fx.f.users.admin.id, data: { before: DEFAULT_RETENTION_POLICY, after: POLICY } }]);
  });

  it('agrees with the audit-retention route: one audit retention, whichever route sets it', async () => {
    const res = await putAuditRetention(await requestAs(owner, 'http://localhost/api/admin/settings/audit-retention', { method: 'PUT', body: '{"days":400}' }));
    expect(res.status).toBe(200);
    expect((await (await get(owner)).json()).policy).toEqual({ ...POLICY, auditDays: 400 });
    expect(await put(owner, POLICY)).toHaveProperty('status', 200);
    expect(await settingsOf(fx.f.tenants.acme)).toMatchObject({ auditRetentionDays: 90 });
  });

  it('refuses bad bodies with a 4xx naming the field, and writes nothing', async () => {
    const before = await settingsOf(fx.f.tenants.acme);
    const { auditDays: _, ...withoutAudit } = POLICY;
    const cases: [unknown, number, RegExp][] = [
      [{ ...POLICY, activitiesDays: 10 }, 422, /activitiesDays: Activities: keep at least 30 days/],
      [{ ...POLICY, closedDealsMonths: 121 }, 422, /closedDealsMonths: Closed deals: keep at most 120 months/],
      [{ ...POLICY, changeLogDays: '30' }, 422, /changeLogDays: Change log: enter a whole number of days/],
      [{ ...POLICY, runPayloadDays: 2.5 }, 422, /runPayloadDays: Workflow run data: enter a whole number of days/],
      [{ ...POLICY, auditDays: 29 }, 422, /auditDays: Audit log: keep at least 30 days/],
      [withoutAudit, 422, /auditDays: Audit log/],
      [{ ...POLICY, tenantId: fx.f.tenants.globex }, 422, /tenantId/],
      [[POLICY], 422, /\(body\)/],
      ['{"activitiesDays":', 400, /not valid JSON/],
    ];
    for (const [body, status, message] of cases) {
      for (const res of [await put(owner, body), await preview(await requestAs(owner, `${URL}/preview`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }))]) {
        expect(res.status).toBe(status);
        expect((await res.json()).error.message).toMatch(message);
      }
    }
    const huge = await put(owner, { ...POLICY, pad: 'x'.repeat(2_000) });
    expect(huge.status).toBe(413);
    expect(await settingsOf(fx.f.tenants.acme)).toEqual(before);
  });

  it('a dry run counts what the policy would remove now and changes nothing', async () => {
    const before = await settingsOf(fx.f.tenants.acme);
    const res = await dryRun(owner, { ...DEFAULT_RETENTION_POLICY, activitiesDays: 365 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ counts: { ...NO_COUNTS, activities: 2 } });
    expect(await settingsOf(fx.f.tenants.acme)).toEqual(before);
    const live = await withSystem((tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM activities WHERE tenant_id = $1 AND NOT deleted', [fx.f.tenants.acme]), fx.t.db);
    expect(live.rows[0]!.n).toBe(2);
  });

  it('tenant isolation: Globex’s admin reads, changes and previews Globex only, whatever the body says', async () => {
    const acmeBefore = await settingsOf(fx.f.tenants.acme);
    expect((await (await get(globexAdmin)).json()).policy).toEqual(DEFAULT_RETENTION_POLICY);
    // The same policy that finds Acme's two old activities finds nothing in Globex.
    expect(await (await dryRun(globexAdmin, { ...DEFAULT_RETENTION_POLICY, activitiesDays: 365 })).json()).toEqual({ counts: NO_COUNTS });
    const globexPolicy = { ...DEFAULT_RETENTION_POLICY, closedDealsMonths: 6 };
    expect((await put(globexAdmin, globexPolicy)).status).toBe(200);
    expect((await (await get(globexAdmin)).json()).policy).toEqual(globexPolicy);
    expect((await (await get(owner)).json()).policy).toEqual(POLICY);
    expect(await settingsOf(fx.f.tenants.acme)).toEqual(acmeBefore);
    await sequenceAudit(fx.f.tenants.acme, fx.t.db);
    const acmeEntries = await fx.t.db.query(`SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'settings.retention' AND actor_id = $2`, [fx.f.tenants.acme, fx.f.users.globexAdmin.id]);
    expect(acmeEntries.rows).toHaveLength(0);
  });
});
