import 'server-only';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { DUE_NOW, txAdapter } from '../db/job-queue';
import type { Database, Queryable } from '../db/types';

// The two queues of outgoing webhooks, made by migration 0025 (which also queues fan-out jobs
// from the writers' transactions). Every job is sent inside the transaction that causes it.

/** "Turn these changes, or this ended run, into deliveries": queued by 0025's triggers. */
export const FANOUT_QUEUE = 'webhook-fanout';
/** "Make the next attempt of this delivery": queued with each delivery, retry and redelivery. */
export const DELIVER_QUEUE = 'webhook-deliver';

export const fanoutJobSchema = z.union([
  z.object({ tenantId: z.uuid(), changeIds: z.array(z.number().int().positive()).min(1) }),
  z.object({ tenantId: z.uuid(), runId: z.uuid(), status: z.enum(['succeeded', 'failed']), finishedAt: z.string().min(1) }),
]);
export type FanoutJob = z.infer<typeof fanoutJobSchema>;

export const deliverJobSchema = z.object({
  tenantId: z.uuid(),
  deliveryId: z.uuid(),
  /** A person's redelivery (the log says so); retries and first tries are 'auto'. */
  cause: z.enum(['auto', 'redeliver']).default('auto'),
});
export type DeliverJob = z.input<typeof deliverJobSchema>;

// Never started: it only builds pg-boss's INSERT, which runs on the transaction passed to each
// send, so the job commits (or not) with its cause. Its own `db` is never used.
let sender: PgBoss | undefined;
function jobSender(): PgBoss {
  sender ??= new PgBoss({
    db: { executeSql: () => Promise.reject(new Error('webhook jobs are sent on a transaction')) },
    schedule: false,
    supervise: false,
    migrate: false,
  });
  return sender;
}

/** Queues a delivery attempt in `tx` (owner role), due after `delayMs` (default: now). */
export async function queueDelivery(tx: Queryable, job: DeliverJob, delayMs = 0): Promise<void> {
  await jobSender().send(DELIVER_QUEUE, job, { db: txAdapter(tx), startAfter: delayMs > 0 ? Math.ceil(delayMs / 1000) : DUE_NOW });
}

/** Runs `fn` in one transaction as the owner (the queue needs it) with `tenantId` set, so row-level security still holds. */
export async function ownerTransaction<T>(db: Database, tenantId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT set_config('app.tenant_id', $1, true)", [z.uuid().parse(tenantId)]);
    return fn(tx);
  });
}
