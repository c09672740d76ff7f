import 'server-only';
import { RETENTION_JOB } from '../audit/retention-job';
import { sequenceAudit } from '../audit/sequence-audit';
import type { SessionContext } from '../auth/session-context';
import { getDb } from '../db/open-database';
import type { Database } from '../db/types';
import { withSystem, withTenant } from '../db/with-tenant';
import { ANALYZE_JOB } from '../ops/analyze-job';
import { lastRun, TOMBSTONE_JOB } from '../ops/maintenance-runs';
import { retentionFromSettings } from '../tenancy/security-settings';
import { RUN_QUEUE, TRIGGER_QUEUE } from '../db/job-queue';
import { workflowHealth } from '../workflows/run-history';
import { checkReadiness, type Readiness } from './check-readiness';
import { logger } from './logger';
import { metrics } from './metrics';
import { queueDepthSeries, type QueueMinute } from './queue-depth';
import type { RouteStats } from './request-stats';
import { tenantTraffic, type TenantMinute, type TenantTotals } from './tenant-traffic';
import { workflowReadinessCheck } from './workflow-readiness';

export interface HealthReport {
  generatedAt: string;
  /** `countingSince`: when this instance first counted a request of the caller's organization. */
  instance: { uptimeSeconds: number; countingSince: string | null };
  readiness: Readiness;
  /** Round trips of `SELECT 1`, in ms. */
  database: { samples: number; minMs: number; medianMs: number; maxMs: number };
  /**
   * Requests of the caller's organization only, counted by this instance. Security: the
   * instance-wide figures (every organization's traffic) are the operator's, served by
   * /api/metrics behind its own token, never on an organization's page.
   */
  totals: TenantTotals;
  latency: { p50Ms: number | null; p95Ms: number | null; routes: RouteStats[] };
  /** The caller's organization's requests and latency per minute over the last hour (this instance). */
  series: TenantMinute[];
  /** The caller's organization's workflow jobs waiting for a worker, per minute over the last hour (every instance: read from the queue). */
  queue: QueueMinute[];
  /** The caller's tenant only. */
  workflows: {
    last24h: Record<string, number>;
    /** Record changes queued for workflow triggers and not yet evaluated. */
    triggerBacklog: number;
    queued: { state: string; jobs: number }[];
    recentFailures: { runId: string; workflow: string; error: string | null; at: string }[];
  };
  /** The caller's tenant only. */
  audit: {
    entries: number;
    headSeq: number | null;
    lastVerify: { at: string; ok: boolean } | null;
    retentionDays: number | null;
    lastRetention: { startedAt: string; finishedAt: string | null; ok: boolean | null; removedHere: number; error: string | null } | null;
  };
  /** The other scheduled jobs' last runs; figures of other tenants are left out. */
  maintenance: {
    tombstonePurge: { startedAt: string; ok: boolean | null; purgedHere: number } | null;
    /** 'autovacuum' on Postgres, which gathers statistics itself. */
    statistics: { startedAt: string; ok: boolean | null; ms: number | null } | null | 'autovacuum';
  };
}

const DB_SAMPLES = 5;

async function databaseLatency(db: Database): Promise<HealthReport['database']> {
  const times: number[] = [];
  for (let i = 0; i < DB_SAMPLES; i++) {
    const started = performance.now();
    await db.query('SELECT 1');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { samples: DB_SAMPLES, minMs: round(times[0]!), medianMs: round(times[Math.floor(DB_SAMPLES / 2)]!), maxMs: round(times.at(-1)!) };
}

async function workflowFigures(ctx: SessionContext, db: Database): Promise<HealthReport['workflows']> {
  const last24h = await workflowHealth(ctx, 24, db);
  const recentFailures = await withTenant(
    ctx.tenantId,
    async (tx) =>
      (
        await tx.query<{ id: string; name: string | null; error: string | null; at: Date }>(
          `SELECT r.id, w.name, r.error, coalesce(r.finished_at, r.updated_at) AS at
             FROM workflow_runs r LEFT JOIN workflows w ON w.tenant_id = r.tenant_id AND w.id = r.workflow_id
            WHERE r.status = 'failed' ORDER BY coalesce(r.finished_at, r.updated_at) DESC LIMIT 5`,
        )
      ).rows.map((r) => ({ runId: r.id, workflow: r.name ?? '(deleted workflow)', error: r.error, at: new Date(r.at).toISOString() })),
    db,
  );
  // System reads, filtered to the caller's tenant: the queue is the engine's.
  const pending = `state IN ('created', 'retry', 'active')`;
  const triggerBacklog = await withSystem(
    async (tx) =>
      (
        await tx.query<{ n: number }>(
          `SELECT coalesce(sum(jsonb_array_length(data->'changeIds')), 0)::int AS n FROM pgboss.job
            WHERE name = $1 AND data->>'tenantId' = $2 AND ${pending}`,
          [TRIGGER_QUEUE, ctx.tenantId],
        )
      ).rows[0]?.n ?? 0,
    db,
  );
  const queued = await withSystem(
    async (tx) =>
      (
        await tx.query<{ state: string; jobs: number }>(
          `SELECT state::text AS state, count(*)::int AS jobs FROM pgboss.job
            WHERE name = $1 AND data->>'tenantId' = $2 AND ${pending}
            GROUP BY state ORDER BY state`,
          [RUN_QUEUE, ctx.tenantId],
        )
      ).rows,
    db,
  );
  metrics().queueDepth.set({ queue: RUN_QUEUE }, queued.filter((q) => q.state !== 'active').reduce((n, q) => n + q.jobs, 0));
  return { last24h, triggerBacklog, queued, recentFailures };
}

async function auditFigures(ctx: SessionContext, db: Database): Promise<HealthReport['audit']> {
  // Sequence before read, so the figures count every committed entry; a failed pass leaves the
  // figures a moment behind rather than failing the health page.
  await sequenceAudit(ctx.tenantId, db).catch((err: unknown) => logger().error({ err }, 'audit sequencing before the health report failed'));
  const own = await withTenant(
    ctx.tenantId,
    async (tx) => {
      const log = await tx.query<{ n: number; head: number | null }>('SELECT count(*)::int AS n, max(seq)::int AS head FROM audit_log');
      const verify = await tx.query<{ occurred_at: Date; ok: boolean }>(
        `SELECT occurred_at, (data->>'ok')::boolean AS ok FROM audit_log WHERE action = 'audit.verify' ORDER BY seq DESC LIMIT 1`,
      );
      const settings = await tx.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [ctx.tenantId]);
      return { log: log.rows[0], verify: verify.rows[0], retentionDays: retentionFromSettings(settings.rows[0]?.settings) };
    },
    db,
  );
  const run = await lastRun(RETENTION_JOB, db);
  const removed = (run?.detail.removed ?? {}) as Record<string, number>;
  return {
    entries: own.log?.n ?? 0,
    headSeq: own.log?.head ?? null,
    lastVerify: own.verify ? { at: new Date(own.verify.occurred_at).toISOString(), ok: own.verify.ok } : null,
    retentionDays: own.retentionDays,
    // Security: the run covers every tenant; only this tenant's figure is shown.
    lastRetention: run
      ? { startedAt: run.startedAt, finishedAt: run.finishedAt, ok: run.ok, removedHere: removed[ctx.tenantId] ?? 0, error: run.ok === false ? 'The last run failed; the operator log has the cause.' : null }
      : null,
  };
}

async function maintenanceFigures(ctx: SessionContext, db: Database): Promise<HealthReport['maintenance']> {
  const purge = await lastRun(TOMBSTONE_JOB, db);
  const analyze = db.kind === 'pglite' ? await lastRun(ANALYZE_JOB, db) : null;
  const purged = (purge?.detail.purged ?? {}) as Record<string, number>;
  return {
    tombstonePurge: purge ? { startedAt: purge.startedAt, ok: purge.ok, purgedHere: purged[ctx.tenantId] ?? 0 } : null,
    statistics: db.kind === 'pglite' ? (analyze ? { startedAt: analyze.startedAt, ok: analyze.ok, ms: typeof analyze.detail.ms === 'number' ? analyze.detail.ms : null } : null) : 'autovacuum',
  };
}

/**
 * Everything the /admin/health page shows, from real sources: readiness checks, timed
 * database round trips, this instance's Prometheus counters and histograms, and the
 * caller's tenant's workflow, queue and audit state.
 */
export async function healthReport(ctx: SessionContext, db?: Database): Promise<HealthReport> {
  const database = db ?? (await getDb());
  const readiness = await checkReadiness({ db: async () => database, extra: workflowReadinessCheck() });
  const dbLatency = await databaseLatency(database);
  const traffic = tenantTraffic(ctx.tenantId);
  const workflows = await workflowFigures(ctx, database);
  const queue = await queueDepthSeries(ctx.tenantId, database);
  const audit = await auditFigures(ctx, database);
  const maintenance = await maintenanceFigures(ctx, database);
  return {
    generatedAt: new Date().toISOString(),
    instance: { uptimeSeconds: Math.round(process.uptime()), countingSince: traffic.since },
    readiness,
    database: dbLatency,
    totals: traffic.totals,
    latency: traffic.latency,
    series: traffic.series,
    queue,
    workflows,
    audit,
    maintenance,
  };
}
