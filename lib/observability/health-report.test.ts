import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/append-audit';
import { runAuditRetention } from '../audit/retention-job';
import { mintSessionCookie } from '../auth/session-token';
import { seedAuthFixture, type Fixture } from '../auth/testing-fixtures';
import { withSession } from '../auth/with-session';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { runPgliteAnalyze } from '../ops/analyze-job';
import { claimRun, finishRun, TOMBSTONE_JOB } from '../ops/maintenance-runs';
import { checkReadiness } from './check-readiness';
import { healthReport } from './health-report';
import { workflowReadinessCheck } from './workflow-readiness';
import { quantileFromBuckets } from './request-stats';
import { routeLabel } from './request-metrics';

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

describe('route labels and quantiles', () => {
  it('folds ids and unknown sync collections so labels stay few', () => {
    expect(routeLabel('/api/workflows/0190b000-0000-7000-8000-0000000000ff/runs')).toBe('/api/workflows/:id/runs');
    expect(routeLabel('/api/sync/deals/pull')).toBe('/api/sync/deals/pull');
    expect(routeLabel('/api/sync/whatever-you-like/pull')).toBe('/api/sync/:collection/pull');
    expect(routeLabel('/api/audit/12345')).toBe('/api/audit/:id');
  });

  it('reads the bucket bound holding a quantile', () => {
    const b = new Map([
      [0.01, 50],
      [0.1, 90],
      [1, 100],
      [Infinity, 100],
    ]);
    expect(quantileFromBuckets(b, 0.5)).toBe(10);
    expect(quantileFromBuckets(b, 0.95)).toBe(1000);
    expect(quantileFromBuckets(new Map([[Infinity, 0]]), 0.5)).toBeNull();
  });
});

describe('health report', () => {
  const owner = () => ({ userId: f.users.owner.id, tenantId: f.tenants.acme, role: 'owner' as const });

  it('reports real request, latency, audit and retention figures, scoped to the caller’s tenant', async () => {
    const before = await healthReport(owner(), t.db);
    const c = await mintSessionCookie({ sub: f.users.rep.id, sid: crypto.randomUUID(), sv: 0, tid: f.tenants.acme, mfa: true, auth: Math.floor(Date.now() / 1000) });
    const req = (path: string) => new Request(`http://localhost${path}`, { headers: { cookie: `${c.name}=${c.value}`, 'x-forwarded-for': '192.0.2.1' } });
    for (let i = 0; i < 3; i++) expect((await withSession(req('/api/health-test/ok'), {}, async () => ({ ok: true }))).status).toBe(200);
    const failing = await withSession(req('/api/health-test/fails'), {}, async () => {
      throw new AppError(ErrorCode.Conflict, 'no');
    });
    expect(failing.status).toBe(409);

    // Old audit entries in both tenants, and a retention setting in acme only.
    for (const tenant of [f.tenants.acme, f.tenants.globex]) {
      await withTenant(tenant, async (tx) => {
        for (let i = 0; i < 4; i++) await appendAudit(tx, { tenantId: tenant, action: 'record.update', occurredAt: new Date(Date.UTC(2020, 0, 1 + i)) });
      }, t.db);
    }
    await withSystem((tx) => tx.query(`UPDATE tenants SET settings = settings || '{"auditRetentionDays": 30}' WHERE id = $1`, [f.tenants.acme]), t.db);
    expect((await runAuditRetention(t.db)).status).toBe('done');

    const r = await healthReport(owner(), t.db);
    expect(r.readiness.checks.database?.ok).toBe(true);
    expect(r.database.samples).toBe(5);
    expect(r.database.medianMs).toBeGreaterThan(0);
    expect(r.totals.requests - before.totals.requests).toBe(4);
    expect(r.totals.clientErrors - before.totals.clientErrors).toBe(1);
    const ok = r.latency.routes.find((s) => s.route === '/api/health-test/ok');
    expect(ok).toMatchObject({ requests: 3, clientErrors: 0, serverErrors: 0 });
    expect(ok?.p95Ms).toBeGreaterThan(0);
    expect(r.latency.routes.find((s) => s.route === '/api/health-test/fails')).toMatchObject({ requests: 1, clientErrors: 1 });

    const acmeRemoved = r.audit.lastRetention?.removedHere ?? -1;
    expect(acmeRemoved).toBeGreaterThanOrEqual(3);
    expect(r.audit.lastRetention?.ok).toBe(true);
    expect(r.audit.retentionDays).toBe(30);
    expect(r.workflows.triggerBacklog).toBe(0);
    // The hour of queue depth, one figure per minute (queue-depth.test.ts checks the counting).
    expect(r.queue).toHaveLength(60);
    expect(r.queue.every((m) => m.runJobs === 0 && m.triggerJobs === 0)).toBe(true);
    expect(Object.keys(r.workflows.last24h)).toContain('failed');

    // Globex's view: its own entries (none removed), never acme's figures.
    const g = await healthReport({ userId: f.users.globexAdmin.id, tenantId: f.tenants.globex, role: 'admin' }, t.db);
    expect(g.audit.retentionDays).toBeNull();
    expect(g.audit.lastRetention?.removedHere).toBe(0);
    const globexEntries = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1', [f.tenants.globex])).rows[0]!.n;
    expect(g.audit.entries).toBe(globexEntries);
    expect(JSON.stringify(g)).not.toContain(f.tenants.acme);
  });

  it('traffic figures are the caller’s organization’s only, never the instance’s or another organization’s', async () => {
    const cookie = async (userId: string, tenantId: string) =>
      mintSessionCookie({ sub: userId, sid: crypto.randomUUID(), sv: 0, tid: tenantId, mfa: true, auth: Math.floor(Date.now() / 1000) });
    const a = await cookie(f.users.rep.id, f.tenants.acme);
    const g = await cookie(f.users.globexAdmin.id, f.tenants.globex);
    const send = (c: typeof a, path: string) => withSession(new Request(`http://localhost${path}`, { headers: { cookie: `${c.name}=${c.value}` } }), {}, async () => ({ ok: true }));
    const acmeBefore = await healthReport(owner(), t.db);
    const globexBefore = await healthReport({ userId: f.users.globexAdmin.id, tenantId: f.tenants.globex, role: 'admin' }, t.db);
    for (let i = 0; i < 5; i++) expect((await send(g, '/api/globex-only/secret-route')).status).toBe(200);
    expect((await send(a, '/api/acme-route')).status).toBe(200);
    const acme = await healthReport(owner(), t.db);
    const globex = await healthReport({ userId: f.users.globexAdmin.id, tenantId: f.tenants.globex, role: 'admin' }, t.db);
    expect(acme.totals.requests - acmeBefore.totals.requests).toBe(1);
    expect(globex.totals.requests - globexBefore.totals.requests).toBe(5);
    expect(acme.latency.routes.map((r) => r.route)).not.toContain('/api/globex-only/secret-route');
    expect(globex.latency.routes.map((r) => r.route)).toEqual(['/api/globex-only/secret-route']);
    expect(JSON.stringify(acme)).not.toContain('globex-only');
  });

  it('shows the last tombstone purge with this tenant’s count only, and the statistics job', async () => {
    const runId = await claimRun(TOMBSTONE_JOB, 1, new Date(), t.db);
    await finishRun(runId!, true, { purged: { [f.tenants.acme]: 2, [f.tenants.globex]: 5 } }, t.db);
    await runPgliteAnalyze(t.db);
    const r = await healthReport(owner(), t.db);
    expect(r.maintenance.tombstonePurge).toMatchObject({ ok: true, purgedHere: 2 });
    if (t.db.kind === 'pglite') expect(r.maintenance.statistics).toMatchObject({ ok: true, ms: expect.any(Number) });
    else expect(r.maintenance.statistics).toBe('autovacuum');
    const g = await healthReport({ userId: f.users.globexAdmin.id, tenantId: f.tenants.globex, role: 'admin' }, t.db);
    expect(g.maintenance.tombstonePurge?.purgedHere).toBe(5);
  });

  it('readiness fails while this instance should run workflow workers and they have not started', async () => {
    const r = await checkReadiness({ db: async () => t.db, redisUrl: null, extra: workflowReadinessCheck() });
    expect(r.checks.database?.ok).toBe(true);
    expect(r.checks.workflows).toMatchObject({ ok: false, error: 'workflow workers have not started' });
    expect(r.ok).toBe(false);
  });
});
