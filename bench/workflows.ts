// npm run bench:workflows — prints runs completed per second and the p95 trigger-to-first-step
// latency for N queued runs (default 10,000) of a 5-step workflow, on in-memory PGlite and,
// when DATABASE_URL is set, on Postgres. Prints figures; never fails on a number.
// Then the idle case: single edits made through the record pipeline while the production
// runner (startRunner, default settings) waits, and their trigger-to-first-step latency.
// Env: BENCH_RUNS (default 10000), BENCH_WORKERS (parallel job loops on Postgres, default 4),
// BENCH_IDLE_EDITS (default 40).
import { withSystem, withTenant } from '../lib/db/with-tenant';
import { createTestDatabase } from '../lib/db/testing';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from '../lib/workflows/definition';
import { WorkflowEngine } from '../lib/workflows/engine';
import { createWorkflow, publishWorkflow } from '../lib/workflows/manage-workflows';
import { RUN_QUEUE, TRIGGER_QUEUE, startQueue, type RunJob } from '../lib/workflows/queue';
import { consumeChanges, type TriggerJob } from '../lib/workflows/consume-changes';
import { startRunner } from '../lib/workflows/runner';
import { MANAGER_A, PIPELINE, TENANT_A, adminA, seedTenants, writeDeal, type EngineFixture } from '../lib/workflows/testing';

const RUNS = Number(process.env.BENCH_RUNS ?? 10_000);
const IDLE_EDITS = Number(process.env.BENCH_IDLE_EDITS ?? 40);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);

const definition: WorkflowDefinition = {
  schemaVersion: WORKFLOW_SCHEMA_VERSION,
  trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed_to', value: 'go' }] } },
  steps: [
    { id: 'check', name: 'Big?', type: 'condition', group: { combinator: 'and', conditions: [{ field: 'amountCents', op: 'gte', value: 0 }] } },
    { id: 'task', name: 'Task', type: 'create_record', kind: 'task', subject: 'Call {{record.name}}', dueInHours: 24, assignee: { type: 'user', userId: MANAGER_A } },
    { id: 'mark', name: 'Mark', type: 'update_record', set: [{ field: 'currency', value: 'USD' }] },
    { id: 'tell', name: 'Tell', type: 'notify', recipient: { type: 'user', userId: MANAGER_A }, message: '{{record.name}} is moving' },
    { id: 'end', name: 'End', type: 'stop' },
  ],
  edges: [
    { id: 'e0', source: 'trigger', target: 'check' },
    { id: 'e1', source: 'check', target: 'task', branch: 'true' },
    { id: 'e2', source: 'check', target: 'end', branch: 'false' },
    { id: 'e3', source: 'task', target: 'mark' },
    { id: 'e4', source: 'mark', target: 'tell' },
  ],
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A fresh database with the tenants, the queue, an engine on the real clock and the workflow published. */
async function benchDatabase() {
  const t = await createTestDatabase();
  await withSystem(seedTenants, t.db);
  const boss = await startQueue(t.db);
  const engine = new WorkflowEngine({ db: t.db, boss });
  const w = await createWorkflow(adminA, { name: 'Bench', definition }, t.db);
  await publishWorkflow(adminA, w.id, t.db);
  return { t, boss, engine };
}

async function bench(label: string, workers: number): Promise<void> {
  const { t, boss, engine } = await benchDatabase();

  // Queue the triggers: N deals moved to "go", 500 changes per statement (one trigger job each).
  await withTenant(TENANT_A, async (tx) => {
    await tx.query(
      `INSERT INTO deals (tenant_id, id, name, pipeline_id, stage_id, amount_cents)
       SELECT $1, gen_random_uuid(), 'Deal ' || g, $2, 'lead', g FROM generate_series(1, $3) g`,
      [TENANT_A, PIPELINE, RUNS],
    );
  }, t.db);
  const deals = await withTenant(TENANT_A, async (tx) => (await tx.query<{ id: string }>('SELECT id FROM deals')).rows, t.db);
  const queuedStart = performance.now();
  for (let i = 0; i < deals.length; i += 500) {
    await withTenant(TENANT_A, async (tx) => {
      await tx.query(
        `INSERT INTO record_changes (tenant_id, collection, record_id, op, before, after, changed_fields)
         SELECT $1, 'deals', d.id, 'update', jsonb_build_object('id', d.id, 'stageId', 'lead'),
                jsonb_build_object('id', d.id, 'name', d.name, 'stageId', 'go', 'amountCents', d.amount_cents), ARRAY['stageId']
         FROM deals d WHERE d.id = ANY($2::uuid[])`,
        [TENANT_A, deals.slice(i, i + 500).map((d) => d.id)],
      );
    }, t.db);
  }
  const queuedMs = performance.now() - queuedStart;

  const started = performance.now();
  let done = false;
  const consumer = (async () => {
    while (!done) {
      const jobs = (await boss.fetch<TriggerJob>(TRIGGER_QUEUE, { batchSize: 10 })) ?? [];
      for (const job of jobs) await consumeChanges(engine.db, engine.boss, job.data);
      if (jobs.length > 0) await boss.complete(TRIGGER_QUEUE, jobs.map((j) => j.id));
      else await new Promise((res) => setTimeout(res, 20));
    }
  })();
  const loop = async () => {
    while (!done) {
      const jobs = (await boss.fetch<RunJob>(RUN_QUEUE, { batchSize: 50 })) ?? [];
      if (jobs.length === 0) {
        await new Promise((res) => setTimeout(res, 20));
        continue;
      }
      for (const job of jobs) await engine.advance(job.data);
      await boss.complete(RUN_QUEUE, jobs.map((j) => j.id));
    }
  };
  const loops = Array.from({ length: workers }, loop);
  for (;;) {
    const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM workflow_runs WHERE status = 'succeeded'`);
    if ((r.rows[0]?.n ?? 0) >= RUNS) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  done = true;
  await Promise.all([consumer, ...loops]);

  const lat = await t.db.query<{ ms: number }>(
    `SELECT extract(epoch FROM (s.started_at - c.occurred_at)) * 1000 AS ms
     FROM workflow_run_steps s JOIN workflow_runs r ON r.tenant_id = s.tenant_id AND r.id = s.run_id
     JOIN record_changes c ON c.tenant_id = r.tenant_id AND c.id = (r.trigger->>'changeId')::bigint
     WHERE s.seq = 1`,
  );
  const ms = lat.rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const steps = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM workflow_run_steps')).rows[0]?.n ?? 0;
  console.log(
    `${label}: ${RUNS} runs x 5 steps (${steps} step executions), ${workers} job loop(s): ` +
      `${(RUNS / seconds).toFixed(1)} runs/s (${(steps / seconds).toFixed(0)} steps/s), ${seconds.toFixed(1)} s total; ` +
      `trigger-to-first-step p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms ` +
      `(all ${RUNS} triggers queued up front in ${(queuedMs / 1000).toFixed(1)} s, so latency includes the backlog)`,
  );
  await boss.stop({ graceful: false, wait: true, close: false });
  await t.dispose();
}

/**
 * One edit at a time on an idle system, through applyChanges and the production runner: how
 * long a person waits for a workflow to react (the ticker and pg-boss polling included).
 */
async function idleLatency(label: string): Promise<void> {
  const { t, boss, engine } = await benchDatabase();
  const runner = await startRunner(engine);
  // writeDeal needs only the database of a fixture.
  const fx = { t } as EngineFixture;
  // Edits at random moments, 50-350 ms apart (not in step with any polling), each through
  // applyChanges; the latencies are read from the database afterwards, so the measuring
  // does not compete with the workers for PGlite's one connection.
  for (let i = 0; i < IDLE_EDITS; i++) {
    const deal = await writeDeal(fx, TENANT_A, { name: `Idle ${i}`, stageId: 'lead' });
    await writeDeal(fx, TENANT_A, { id: deal, stageId: 'go' });
    await new Promise((res) => setTimeout(res, 50 + Math.random() * 300));
  }
  const latencies = async () =>
    (
      await t.db.query<{ ms: number }>(
        `SELECT extract(epoch FROM (s.started_at - c.occurred_at)) * 1000 AS ms
         FROM workflow_runs r JOIN workflow_run_steps s ON s.tenant_id = r.tenant_id AND s.run_id = r.id AND s.seq = 1
         JOIN record_changes c ON c.tenant_id = r.tenant_id AND c.id = (r.trigger->>'changeId')::bigint`,
      )
    ).rows.map((r) => Number(r.ms));
  let ms = await latencies();
  while (ms.length < IDLE_EDITS) {
    await new Promise((res) => setTimeout(res, 100));
    ms = await latencies();
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}, idle: ${IDLE_EDITS} single edits through the production runner: trigger-to-first-step p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms`);
  await runner.stop();
  await boss.stop({ graceful: false, wait: true, close: false });
  await t.dispose();
}

const url = process.env.DATABASE_URL;
delete process.env.DATABASE_URL;
await bench('PGlite (in-memory, embedded)', 1);
await idleLatency('PGlite (in-memory, embedded)');
if (url) {
  process.env.DATABASE_URL = url;
  await bench('Postgres', WORKERS);
  await idleLatency('Postgres');
} else {
  console.log('Postgres: skipped (set DATABASE_URL to include it)');
}
