import 'server-only';
import type { SessionContext } from '../auth/session-context';
import { getDb } from '../db/open-database';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import type { WebhookEventType } from './event-types';
import { assertCanManageWebhooks, auditWebhook } from './manage-webhooks';
import type { ListDeliveriesQuery } from './webhook-input';
import { ownerTransaction, queueDelivery } from './webhook-queue';

/** One delivery in the log (an event to one subscription) with its latest outcome. */
export interface DeliverySummary {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** One attempt: when, the receiver's status code or the error, how long it took. */
export interface DeliveryAttempt {
  attempt: number;
  cause: 'auto' | 'redeliver';
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  attemptedAt: string;
}

type Row = {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: WebhookEventType;
  status: DeliverySummary['status'];
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Date | string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
};

const COLUMNS = 'id, subscription_id, event_id, event_type, status, attempts, last_status, last_error, next_attempt_at, delivered_at, created_at';
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function toSummary(r: Row): DeliverySummary {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at),
    deliveredAt: iso(r.delivered_at),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** 404 unless the tenant has subscription `id` (the same answer whether it exists elsewhere or not). */
async function assertSubscription(tx: Queryable, id: string): Promise<void> {
  const r = await tx.query('SELECT 1 FROM webhook_subscriptions WHERE id = $1', [id]);
  if (!r.rows[0]) throw new AppError(ErrorCode.NotFound, 'No such webhook');
}

/**
 * A page of a subscription's delivery log, newest first. `nextBefore` is the cursor of the next
 * (older) page, null on the last one.
 */
export async function listDeliveries(ctx: SessionContext, subscriptionId: string, query: ListDeliveriesQuery, db?: Database): Promise<{ deliveries: DeliverySummary[]; nextBefore: string | null }> {
  assertCanManageWebhooks(ctx);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      await assertSubscription(tx, subscriptionId);
      const r = await tx.query<Row>(
        `SELECT ${COLUMNS} FROM webhook_deliveries
         WHERE subscription_id = $1 AND ($2::uuid IS NULL OR id < $2) AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR event_type = $4)
         ORDER BY id DESC LIMIT $5`,
        [subscriptionId, query.before ?? null, query.status ?? null, query.eventType ?? null, query.limit + 1],
      );
      const page = r.rows.slice(0, query.limit).map(toSummary);
      return { deliveries: page, nextBefore: r.rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
    },
    db,
  );
}

/** One delivery with the event it carries and every attempt, oldest first; 404 unless it belongs to the subscription. */
export async function getDelivery(
  ctx: SessionContext,
  subscriptionId: string,
  deliveryId: string,
  db?: Database,
): Promise<DeliverySummary & { payload: unknown; attemptLog: DeliveryAttempt[] }> {
  assertCanManageWebhooks(ctx);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const r = await tx.query<Row & { payload: unknown }>(`SELECT ${COLUMNS}, payload FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2`, [deliveryId, subscriptionId]);
      const row = r.rows[0];
      if (!row) throw new AppError(ErrorCode.NotFound, 'No such delivery');
      const attempts = await tx.query<{ attempt: number; cause: DeliveryAttempt['cause']; response_status: number | null; error: string | null; duration_ms: number; attempted_at: Date | string }>(
        'SELECT attempt, cause, response_status, error, duration_ms, attempted_at FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt',
        [deliveryId],
      );
      return {
        ...toSummary(row),
        payload: row.payload,
        attemptLog: attempts.rows.map((a) => ({
          attempt: a.attempt,
          cause: a.cause,
          responseStatus: a.response_status,
          error: a.error,
          durationMs: a.duration_ms,
          attemptedAt: new Date(a.attempted_at).toISOString(),
        })),
      };
    },
    db,
  );
}

/**
 * Sends a delivery again now: one more attempt with the same event id (receivers that already
 * handled it drop it) and a fresh signature, audited. Refused (409) while the delivery is still
 * pending: its next attempt is already queued.
 */
export async function redeliver(ctx: SessionContext, subscriptionId: string, deliveryId: string, db?: Database): Promise<DeliverySummary> {
  assertCanManageWebhooks(ctx);
  // As the owner (queuing a job needs it), with the tenant set: row-level security still holds.
  return ownerTransaction(db ?? (await getDb()), ctx.tenantId, async (tx) => {
    const r = await tx.query<Row>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2 AND subscription_id = $3 FOR UPDATE`, [ctx.tenantId, deliveryId, subscriptionId]);
    const row = r.rows[0];
    if (!row) throw new AppError(ErrorCode.NotFound, 'No such delivery');
    if (row.status === 'pending') throw new AppError(ErrorCode.Conflict, 'This delivery is still being attempted; wait for its result before sending it again.');
    const sub = await tx.query<{ active: boolean }>('SELECT active FROM webhook_subscriptions WHERE tenant_id = $1 AND id = $2', [ctx.tenantId, subscriptionId]);
    if (!sub.rows[0]?.active) throw new AppError(ErrorCode.Conflict, 'This webhook is switched off; switch it on before sending deliveries again.');
    const u = await tx.query<Row>(
      `UPDATE webhook_deliveries SET status = 'pending', attempt_limit = attempts + 1, next_attempt_at = now(), updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [ctx.tenantId, deliveryId],
    );
    await queueDelivery(tx, { tenantId: ctx.tenantId, deliveryId, cause: 'redeliver' });
    await auditWebhook(tx, ctx, subscriptionId, 'webhook.redeliver', { deliveryId, eventId: row.event_id, eventType: row.event_type, previousStatus: row.status });
    return toSummary(u.rows[0] as Row);
  });
}
