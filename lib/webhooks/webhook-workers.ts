import 'server-only';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/types';
import { safeError } from '../observability/safe-error';
import { RECORD_CHANGES_CHANNEL } from '../records/apply-changes';
import { deliverOnce, webhookTransport, type DeliverOptions } from './deliver';
import { fanOut } from './fan-out';
import { DELIVER_QUEUE, FANOUT_QUEUE } from './webhook-queue';

export interface WebhookWorkerOptions extends DeliverOptions {
  /** Let deliveries reach private and loopback addresses: tests and development only. Default: WEBHOOK_ALLOW_PRIVATE_TARGETS. */
  allowPrivateTargets?: boolean;
  /** pg-boss polling interval, seconds (its minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Deliveries worked at once per process. */
  batchSize?: number;
}

function deliverOptions(options: WebhookWorkerOptions): DeliverOptions {
  return { fetch: options.fetch ?? webhookTransport(options.allowPrivateTargets), timeoutMs: options.timeoutMs };
}

/**
 * Long-running workers for outgoing webhooks on a started pg-boss (the workflow engine's: one
 * per process). Fan-out jobs wake at a record write's NOTIFY; deliveries run concurrently
 * within a batch, since each waits on a receiver. Both handlers are idempotent, so a job pg-boss
 * retries after a crash does no harm.
 */
export async function startWebhookWorkers(db: Database, boss: PgBoss, options: WebhookWorkerOptions = {}): Promise<{ stop(): Promise<void> }> {
  const send = deliverOptions(options);
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 };
  const deliverWorker = await boss.work(DELIVER_QUEUE, { ...polling, batchSize: options.batchSize ?? 10 }, async (jobs) => {
    // One job's failure must not fail the batch (pg-boss would retry the ones that were sent):
    // fail it alone; completing the batch afterwards touches only the jobs still active.
    const results = await Promise.allSettled(jobs.map((job) => deliverOnce(db, job.data, send)));
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected') await boss.fail(DELIVER_QUEUE, jobs[i]!.id, { message: (r.reason as Error)?.message ?? 'failed' });
    }
  });
  const fanoutWorker = await boss.work(FANOUT_QUEUE, { ...polling, batchSize: 10 }, async (jobs) => {
    let made = 0;
    for (const job of jobs.sort(byFirstChange)) made += await fanOut(db, job.data);
    if (made > 0) boss.notifyWorker(deliverWorker);
  });
  const unlisten = await db.listen(RECORD_CHANGES_CHANNEL, () => boss.notifyWorker(fanoutWorker)).catch((err: unknown) => {
    // Without it, the workers still poll.
    console.error('webhook workers: LISTEN failed', safeError(err));
    return undefined;
  });
  return {
    async stop() {
      await unlisten?.();
      await boss.offWork({ id: deliverWorker }).catch(() => undefined);
      await boss.offWork({ id: fanoutWorker }).catch(() => undefined);
    },
  };
}

// pg-boss picks a batch in queue order but hands it back in any order: put it back in the
// order the events happened (changes by id; deliveries by their time-ordered UUIDv7 ids).
type Job = { data: unknown };
const firstChange = (j: Job) => {
  const ids = (j.data as { changeIds?: unknown }).changeIds;
  return Array.isArray(ids) && typeof ids[0] === 'number' ? ids[0] : Number.MAX_SAFE_INTEGER;
};
const byFirstChange = (a: Job, b: Job) => firstChange(a) - firstChange(b);
const deliveryOf = (j: Job) => String((j.data as { deliveryId?: unknown }).deliveryId ?? '');
const byDelivery = (a: Job, b: Job) => (deliveryOf(a) < deliveryOf(b) ? -1 : deliveryOf(a) > deliveryOf(b) ? 1 : 0);

/** Works one batch of `queue` in order, completing or failing each job. */
async function workBatch(boss: PgBoss, queue: string, order: (a: Job, b: Job) => number, handle: (data: unknown) => Promise<unknown>): Promise<number> {
  const jobs = ((await boss.fetch<unknown>(queue, { batchSize: 50 })) ?? []).sort(order);
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

/** Works fan-out and delivery jobs until none is due (tests and benchmarks; production uses startWebhookWorkers). */
export async function drainWebhooks(db: Database, boss: PgBoss, options: WebhookWorkerOptions = {}, maxRounds = 1000): Promise<number> {
  const send = deliverOptions(options);
  let total = 0;
  for (let round = 0; round < maxRounds; round++) {
    const n = (await workBatch(boss, FANOUT_QUEUE, byFirstChange, (d) => fanOut(db, d))) + (await workBatch(boss, DELIVER_QUEUE, byDelivery, (d) => deliverOnce(db, d, send)));
    if (n === 0) return total;
    total += n;
  }
  throw new Error(`drainWebhooks: still busy after ${maxRounds} rounds`);
}
