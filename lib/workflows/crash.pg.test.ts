import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from './definition';
import { MANAGER_A, TENANT_A, publish, rows, secret, startHookServer, writeDeal, seedTenants, ManualClock, type EngineFixture, type HookServer } from './testing';
import { createTestDatabase } from '../db/testing';
import { withSystem } from '../db/with-tenant';

// The crash test: worker PROCESSES (scripts/workflow-worker.ts) run the queue against a real
// Postgres; the test kills them with SIGKILL mid-run (once while a webhook is in flight, once
// at an arbitrary moment), restarts them, and checks every run completed exactly once with no
// side effect duplicated. Postgres only: PGlite is one in-process connection, so its workers
// cannot be killed apart from the database.
const url = process.env.DATABASE_URL;
const RUNS = 30;
const SECRET = 'whsec_crash_test_0123456789';
process.env.ENCRYPTION_KEYS ??= `crash:${Buffer.alloc(32, 7).toString('base64')}`;

function definition(secretId: string, hookUrl: string): WorkflowDefinition {
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed_to', value: 'go' }] } },
    steps: [
      { id: 'task', name: 'Task', type: 'create_record', kind: 'task', subject: 'Follow up {{record.name}}', assignee: { type: 'user', userId: MANAGER_A } },
      { id: 'tell', name: 'Tell', type: 'notify', recipient: { type: 'user', userId: MANAGER_A }, message: '{{record.name}} moved' },
      { id: 'mark', name: 'Mark', type: 'update_record', set: [{ field: 'currency', value: 'USD' }] },
      { id: 'hook', name: 'Hook', type: 'webhook', url: hookUrl, secretId, timeoutMs: 5000 },
      { id: 'note', name: 'Note', type: 'create_record', kind: 'note', subject: 'Posted {{record.name}}', assignee: { type: 'workflow_owner' } },
    ],
    edges: [
      { id: 'e0', source: 'trigger', target: 'task' },
      { id: 'e1', source: 'task', target: 'tell' },
      { id: 'e2', source: 'tell', target: 'mark' },
      { id: 'e3', source: 'mark', target: 'hook' },
      { id: 'e4', source: 'hook', target: 'note' },
    ],
  };
}

describe.skipIf(!url)('crash test: kill -9 worker processes mid-run (Postgres)', () => {
  let fx: EngineFixture;
  let hooks: HookServer;
  let dbUrl: string;
  const children: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/workflow-worker.ts'], {
      env: { ...process.env, DATABASE_URL: dbUrl, WORKFLOW_JOB_EXPIRE_SECONDS: '2', WORKFLOW_MAINTENANCE_SECONDS: '1', WEBHOOK_ALLOW_PRIVATE_TARGETS: '1' }, // the receiver is on 127.0.0.1
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    const t = await createTestDatabase();
    await withSystem(seedTenants, t.db);
    const name = (await t.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name as string;
    const u = new URL(url as string);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    const clock = new ManualClock();
    // No engine in this process: the workers own the queue. The fixture is used for its db only.
    fx = { t, clock, boss: undefined as never, engine: undefined as never, advance: () => Promise.reject(new Error('no engine here')), dispose: () => t.dispose() };
    hooks = await startHookServer(SECRET, { now: () => new Date() });
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await hooks.close();
    await fx.dispose();
  });

  it('every run completes exactly once, with no step side effect duplicated', { timeout: 180_000 }, async () => {
    const secretId = await secret(fx, SECRET);
    const wf = await publish(fx, definition(secretId, hooks.url));
    // The first worker sets the queues' expiry (WORKFLOW_JOB_EXPIRE_SECONDS, 2 s here) as it
    // starts; the trigger jobs the writes queue take it from the queue, so wait for it first.
    let worker = startWorker();
    for (;;) {
      const q = await fx.t.db.query<{ s: number }>(`SELECT max(expire_seconds)::int AS s FROM pgboss.queue WHERE name LIKE 'workflow-%'`);
      if (q.rows[0]?.s === 2) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    // Kill 1: the moment the 5th webhook arrives (the step's effect is in flight, not recorded).
    let kills = 0;
    const firstKill = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (hooks.received.length >= 5) {
          worker.kill('SIGKILL');
          kills += 1;
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const deals: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const id = await writeDeal(fx, TENANT_A, { name: `Deal ${i}`, stageId: 'lead' });
      await writeDeal(fx, TENANT_A, { id, stageId: 'go' });
      deals.push(id);
    }
    await firstKill;
    // Kill 2: an arbitrary moment after restart.
    worker = startWorker();
    await new Promise((r) => setTimeout(r, 2500));
    worker.kill('SIGKILL');
    kills += 1;
    worker = startWorker();

    const deadline = Date.now() + 150_000;
    let done = 0;
    while (Date.now() < deadline) {
      const r = await rows<{ n: number }>(fx, TENANT_A, `SELECT count(*)::int AS n FROM workflow_runs WHERE workflow_id = $1 AND status = 'succeeded'`, [wf]);
      done = r[0]?.n ?? 0;
      if (done === RUNS) break;
      await new Promise((res) => setTimeout(res, 250));
    }
    worker.kill('SIGTERM');
    expect(kills).toBe(2);
    expect(done).toBe(RUNS);

    const runs = await rows<{ status: string }>(fx, TENANT_A, 'SELECT status FROM workflow_runs WHERE workflow_id = $1', [wf]);
    expect(runs).toHaveLength(RUNS);
    // Database effects: exactly one task, one note, one notification and one update per run.
    const tasks = await rows<{ deal_id: string; n: number }>(fx, TENANT_A, `SELECT deal_id, count(*)::int AS n FROM activities WHERE kind = 'task' GROUP BY deal_id`);
    expect(tasks.map((t) => t.n)).toEqual(Array(RUNS).fill(1));
    const notes = await rows<{ n: number }>(fx, TENANT_A, `SELECT count(*)::int AS n FROM activities WHERE kind = 'note'`);
    expect(notes[0]?.n).toBe(RUNS);
    const told = await rows<{ n: number }>(fx, TENANT_A, `SELECT count(*)::int AS n FROM notifications WHERE kind = 'workflow'`);
    expect(told[0]?.n).toBe(RUNS);
    const updates = await rows<{ n: number }>(fx, TENANT_A, `SELECT count(*)::int AS n FROM record_changes WHERE source = 'workflow' AND collection = 'deals'`);
    expect(updates[0]?.n).toBe(RUNS);
    // History: each step succeeded once per run.
    const dupSteps = await rows(fx, TENANT_A, `SELECT run_id, step_id FROM workflow_run_steps WHERE status = 'succeeded' GROUP BY run_id, step_id HAVING count(*) > 1`);
    expect(dupSteps).toEqual([]);
    // The webhook left the database: a delivery cut off by the kill is re-sent with the SAME
    // idempotency key, so a receiver that deduplicates acts once per run.
    expect(hooks.effects()).toBe(RUNS);
    expect(hooks.received.every((h) => h.validSignature)).toBe(true);
    console.log(`crash test: ${kills} kills, ${hooks.received.length} webhook deliveries for ${RUNS} runs (${hooks.received.length - RUNS} re-sent with the same key)`);
  });
});
