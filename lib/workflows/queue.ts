import 'server-only';
import PgBoss from 'pg-boss';
import { bossAdapter, DUE_NOW, QUEUE_OPTIONS, RUN_QUEUE, TRIGGER_QUEUE, txAdapter } from '../db/job-queue';
import type { Database } from '../db/types';
import { safeError } from '../observability/safe-error';

export { DUE_NOW, RUN_QUEUE, TRIGGER_QUEUE, txAdapter };

/** A "workflow-run" job: advance this run as far as it can go. */
export interface RunJob {
  tenantId: string;
  runId: string;
  /** A wait or retry: when it is due, by the engine's clock (the job starts then). */
  wakeAt?: string;
}

export interface QueueOptions {
  /**
   * Seconds before a job whose worker went silent (crash, hang) is retried elsewhere. Set for
   * both queues, for every process: a deployment setting (default 300).
   */
  expireInSeconds?: number;
  /** Seconds between pg-boss maintenance passes (which is when expired jobs are retried). */
  maintenanceIntervalSeconds?: number;
}

/** Starts pg-boss on `db`; its schema and the engine's queues come with the migrations (lib/db/job-queue.ts). */
export async function startQueue(db: Database, options: QueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    db: bossAdapter(db),
    // Waits and retries are delayed jobs; schedules are the engine's own (schedule-triggers.ts).
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (err: Error) => console.error('workflow queue error', safeError(err)));
  await boss.start();
  if (options.expireInSeconds !== undefined) {
    for (const name of [TRIGGER_QUEUE, RUN_QUEUE]) await boss.updateQueue(name, { name, ...QUEUE_OPTIONS, expireInSeconds: options.expireInSeconds });
  }
  return boss;
}
