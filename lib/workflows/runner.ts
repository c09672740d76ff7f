import 'server-only';
import type PgBoss from 'pg-boss';
import { RECORD_CHANGES_CHANNEL } from '../records/apply-changes';
import { consumeChanges, type TriggerJob } from './consume-changes';
import type { WorkflowEngine } from './engine';
import { RUN_QUEUE, TRIGGER_QUEUE, type RunJob } from './queue';
import { tickSchedules } from './schedule-triggers';
import { safeError } from '../observability/safe-error';

export interface DrainResult {
  jobs: number;
  runsCreated: number;
}

// pg-boss picks a batch in queue order but hands it back in any order: put it back in the
// order the work was caused (changes by id; runs by their time-ordered UUIDv7 ids), so runs
// are made, and round-robin owners assigned, in the order the changes were made.
const byFirstChange = (a: { data: TriggerJob }, b: { data: TriggerJob }) => (a.data.changeIds[0] ?? 0) - (b.data.changeIds[0] ?? 0);
const byRun = (a: { data: RunJob }, b: { data: RunJob }) => (a.data.runId < b.data.runId ? -1 : a.data.runId > b.data.runId ? 1 : 0);

/** Fetches one batch of `queue` and hands each job, in order, to `handle`, completing or failing it. */
async function workBatch<T extends object>(boss: PgBoss, queue: string, order: (a: { data: T }, b: { data: T }) => number, handle: (data: T) => Promise<void>): Promise<number> {
  const jobs = ((await boss.fetch<T>(queue, { batchSize: 50 })) ?? []).sort(order);
  for (const job of jobs) {
    try {
      await handle(job.data);
      await boss.complete(queue, job.id);
    } catch (err) {
      await boss.fail(queue, job.id, { message: (err as Error).message });
    }
  }
  return jobs.length;
}

/**
 * Works until nothing is due: trigger jobs, schedules, run jobs. Used by tests (deterministic,
 * no polling) and the benchmark; production uses startRunner.
 */
export async function drain(engine: WorkflowEngine, maxRounds = 10_000): Promise<DrainResult> {
  const total: DrainResult = { jobs: 0, runsCreated: 0 };
  for (let round = 0; round < maxRounds; round++) {
    let runsCreated = 0;
    const triggers = await workBatch<TriggerJob>(engine.boss, TRIGGER_QUEUE, byFirstChange, async (job) => {
      runsCreated += (await consumeChanges(engine.db, engine.boss, job, engine.settings.maxChainDepth)).runs;
    });
    const scheduled = await tickSchedules(engine);
    const runs = await workBatch<RunJob>(engine.boss, RUN_QUEUE, byRun, (job) => engine.advance(job));
    total.jobs += triggers + runs;
    total.runsCreated += runsCreated + scheduled.started;
    if (triggers === 0 && scheduled.advanced === 0 && runs === 0) return total;
  }
  throw new Error(`drain: still busy after ${maxRounds} rounds`);
}

export interface RunnerOptions {
  /** How often schedules are checked, milliseconds (cron has minute precision). */
  tickMs?: number;
  /** Jobs fetched per poll. */
  batchSize?: number;
  /** pg-boss polling interval, seconds (its minimum is 0.5): the longest an idle worker waits. */
  pollingIntervalSeconds?: number;
}

/**
 * Long-running workers: pg-boss consumers for trigger jobs and run jobs, and a ticker for
 * cron schedules. A record change's NOTIFY (sent at its commit) wakes the trigger worker at
 * once, and a trigger job that made runs wakes the run worker, so an idle system reacts in
 * milliseconds rather than at the next poll.
 */
export async function startRunner(engine: WorkflowEngine, options: RunnerOptions = {}): Promise<{ stop(): Promise<void> }> {
  const { boss } = engine;
  const polling = { batchSize: options.batchSize ?? 10, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 };
  // A throw fails the whole batch and pg-boss retries it; both handlers are idempotent.
  const runWorker = await boss.work<RunJob>(RUN_QUEUE, polling, async (jobs) => {
    for (const job of jobs.sort(byRun)) await engine.advance(job.data);
  });
  const triggerWorker = await boss.work<TriggerJob>(TRIGGER_QUEUE, polling, async (jobs) => {
    let runs = 0;
    for (const job of jobs.sort(byFirstChange)) runs += (await consumeChanges(engine.db, boss, job.data, engine.settings.maxChainDepth)).runs;
    if (runs > 0) boss.notifyWorker(runWorker);
  });
  const unlisten = await engine.db.listen(RECORD_CHANGES_CHANNEL, () => boss.notifyWorker(triggerWorker)).catch((err: unknown) => {
    // Without it, the workers still poll.
    console.error('workflow workers: LISTEN failed', safeError(err));
    return undefined;
  });
  let busy = false;
  let stopped = false;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const scheduled = await tickSchedules(engine);
      if (scheduled.started > 0) boss.notifyWorker(runWorker);
    } catch (err) {
      console.error('workflow schedule ticker error', safeError(err));
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.tickMs ?? 1000);
  timer.unref?.();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten?.();
      await boss.offWork({ id: runWorker }).catch(() => undefined);
      await boss.offWork({ id: triggerWorker }).catch(() => undefined);
    },
  };
}
