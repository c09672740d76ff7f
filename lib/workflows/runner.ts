import 'server-only';
import { consumeChanges } from './consume-changes';
import type { WorkflowEngine } from './engine';
import { RUN_QUEUE, type RunJob } from './queue';
import { tickSchedules } from './schedule-triggers';
import { safeError } from '../observability/safe-error';

export interface DrainResult {
  jobs: number;
  runsCreated: number;
  woken: number;
}

/**
 * Works until nothing is left: changes to consume, due timers, queued jobs. Used by tests
 * (deterministic, no polling) and the benchmark; production uses startRunner.
 */
export async function drain(engine: WorkflowEngine, maxRounds = 10_000): Promise<DrainResult> {
  const total: DrainResult = { jobs: 0, runsCreated: 0, woken: 0 };
  for (let round = 0; round < maxRounds; round++) {
    const consumed = await consumeChanges(engine.db, engine.boss, 200, engine.settings.maxChainDepth);
    const scheduled = await tickSchedules(engine);
    const woken = await engine.wakeDue();
    const jobs = (await engine.boss.fetch<RunJob>(RUN_QUEUE, { batchSize: 50 })) ?? [];
    for (const job of jobs) {
      try {
        await engine.advance(job.data);
        await engine.boss.complete(RUN_QUEUE, job.id);
      } catch (err) {
        await engine.boss.fail(RUN_QUEUE, job.id, { message: (err as Error).message });
      }
    }
    total.jobs += jobs.length;
    total.runsCreated += consumed.runs + scheduled.started;
    total.woken += woken;
    if (consumed.changes === 0 && scheduled.advanced === 0 && woken === 0 && jobs.length === 0) return total;
  }
  throw new Error(`drain: still busy after ${maxRounds} rounds`);
}

export interface RunnerOptions {
  /** How often the change inbox and the timers are checked, milliseconds. */
  tickMs?: number;
  /** Jobs fetched per poll. */
  batchSize?: number;
  /** pg-boss polling interval, seconds (its minimum is 0.5). */
  pollingIntervalSeconds?: number;
}

/** Long-running workers: pg-boss consumers for runs plus a ticker for triggers, schedules and timers. */
export async function startRunner(engine: WorkflowEngine, options: RunnerOptions = {}): Promise<{ stop(): Promise<void> }> {
  const workId = await engine.boss.work<RunJob>(
    RUN_QUEUE,
    { batchSize: options.batchSize ?? 10, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 },
    async (jobs) => {
      // A throw fails the whole batch and pg-boss retries it; advance() is idempotent.
      for (const job of jobs) await engine.advance(job.data);
    },
  );
  let busy = false;
  let stopped = false;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      let consumed;
      do consumed = await consumeChanges(engine.db, engine.boss, 200, engine.settings.maxChainDepth);
      while (consumed.changes > 0 && !stopped);
      await tickSchedules(engine);
      await engine.wakeDue();
    } catch (err) {
      console.error('workflow ticker error', safeError(err));
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.tickMs ?? 500);
  timer.unref?.();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await engine.boss.offWork({ id: workId }).catch(() => undefined);
    },
  };
}
