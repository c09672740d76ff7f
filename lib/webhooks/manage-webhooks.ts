import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/append-audit';
import type { AuditAction } from '../audit/audit-actions';
import { can } from '../auth/roles';
import type { SessionContext } from '../auth/session-context';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import type { WebhookEventType } from './event-types';
import type { CreateWebhookInput, UpdateWebhookInput } from './webhook-input';
import { currentSecretContext, newWebhookSecret, previousSecretContext, sealCurrentSecret } from './webhook-secret';
import { MAX_SUBSCRIPTIONS, ROTATION_OVERLAP_MS } from './webhook-settings';

/** A subscription as the developer portal shows it (never its secret). */
export interface WebhookSubscription {
  id: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  active: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** Until when the secret replaced by the last rotation still signs too (null: none does). */
  previousSecretValidUntil: string | null;
}

type Row = {
  id: string;
  url: string;
  description: string | null;
  event_types: WebhookEventType[];
  active: boolean;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  previous_secret_expires_at: Date | string | null;
};

const COLUMNS = 'id, url, description, event_types, active, created_by, created_at, updated_at, previous_secret_expires_at';

function toSubscription(r: Row, now = new Date()): WebhookSubscription {
  const until = r.previous_secret_expires_at ? new Date(r.previous_secret_expires_at) : null;
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    active: r.active,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    previousSecretValidUntil: until && until > now ? until.toISOString() : null,
  };
}

/**
 * Security: only owners and admins manage webhooks (the routes check it too): a subscription
 * sends the organization's records to any public URL.
 */
export function assertCanManageWebhooks(ctx: SessionContext): void {
  if (!can(ctx.role, 'webhooks:manage')) throw new AppError(ErrorCode.Forbidden, 'Your role does not allow this.');
}

/**
 * The URL as the audit log keeps it: scheme, host, port and path. The query string and
 * fragment are left out, since receivers often put a token there and the log is permanent.
 */
export function auditUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** The audit entry of a change to subscription `id`, in the change's transaction. */
export function auditWebhook(tx: Queryable, ctx: SessionContext, id: string, action: Extract<AuditAction, `webhook.${string}`>, data: Record<string, unknown>) {
  return appendAudit(tx, { tenantId: ctx.tenantId, actorId: ctx.userId, action, targetType: 'webhook', targetId: id, data, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null, requestId: ctx.requestId ?? null });
}

/** The subscription, locked for the rest of `tx`; 404 when the tenant has none with this id. */
async function lockSubscription(tx: Queryable, id: string): Promise<Row & { secret_sealed: string }> {
  const r = await tx.query<Row & { secret_sealed: string }>(`SELECT ${COLUMNS}, secret_sealed FROM webhook_subscriptions WHERE id = $1 FOR UPDATE`, [id]);
  if (!r.rows[0]) throw new AppError(ErrorCode.NotFound, 'No such webhook');
  return r.rows[0];
}

/** Creates a subscription with a new signing secret, audited. The secret is in this answer only. */
export async function createWebhook(ctx: SessionContext, input: CreateWebhookInput, db?: Database): Promise<{ subscription: WebhookSubscription; secret: string }> {
  assertCanManageWebhooks(ctx);
  const id = uuidv7();
  const secret = newWebhookSecret();
  const subscription = await withTenant(
    ctx.tenantId,
    async (tx) => {
      const count = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_subscriptions');
      if ((count.rows[0]?.n ?? 0) >= MAX_SUBSCRIPTIONS) throw new AppError(ErrorCode.Conflict, `An organization can have at most ${MAX_SUBSCRIPTIONS} webhooks; delete one first.`);
      const r = await tx.query<Row>(
        `INSERT INTO webhook_subscriptions (tenant_id, id, url, description, event_types, secret_sealed, active, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [ctx.tenantId, id, input.url, input.description ?? null, input.eventTypes, sealCurrentSecret(id, secret), input.active ?? true, ctx.userId],
      );
      await auditWebhook(tx, ctx, id, 'webhook.create', { url: auditUrl(input.url), eventTypes: input.eventTypes, active: input.active ?? true });
      return toSubscription(r.rows[0] as Row);
    },
    db,
  );
  return { subscription, secret };
}

/** The organization's subscriptions, oldest first. */
export async function listWebhooks(ctx: SessionContext, db?: Database): Promise<WebhookSubscription[]> {
  assertCanManageWebhooks(ctx);
  return withTenant(ctx.tenantId, async (tx) => (await tx.query<Row>(`SELECT ${COLUMNS} FROM webhook_subscriptions ORDER BY created_at, id`)).rows.map((r) => toSubscription(r)), db);
}

/** One subscription; 404 when the tenant has none with this id. */
export async function getWebhook(ctx: SessionContext, id: string, db?: Database): Promise<WebhookSubscription> {
  assertCanManageWebhooks(ctx);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const r = await tx.query<Row>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1`, [id]);
      if (!r.rows[0]) throw new AppError(ErrorCode.NotFound, 'No such webhook');
      return toSubscription(r.rows[0]);
    },
    db,
  );
}

/** Changes a subscription's URL, events, description or switch, audited with what changed. Events already made keep their URL's deliveries. */
export async function updateWebhook(ctx: SessionContext, id: string, input: UpdateWebhookInput, db?: Database): Promise<WebhookSubscription> {
  assertCanManageWebhooks(ctx);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const before = await lockSubscription(tx, id);
      const r = await tx.query<Row>(
        `UPDATE webhook_subscriptions SET url = coalesce($2, url), event_types = coalesce($3, event_types),
           description = CASE WHEN $4 THEN $5 ELSE description END, active = coalesce($6, active), updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, input.url ?? null, input.eventTypes ?? null, input.description !== undefined, input.description ?? null, input.active ?? null],
      );
      const after = r.rows[0] as Row;
      const changed: Record<string, { before: unknown; after: unknown }> = {};
      if (after.url !== before.url) changed.url = { before: auditUrl(before.url), after: auditUrl(after.url) };
      if (after.event_types.join() !== before.event_types.join()) changed.eventTypes = { before: before.event_types, after: after.event_types };
      if (after.description !== before.description) changed.description = { before: before.description, after: after.description };
      if (after.active !== before.active) changed.active = { before: before.active, after: after.active };
      if (Object.keys(changed).length > 0) await auditWebhook(tx, ctx, id, 'webhook.update', { changed });
      return toSubscription(after);
    },
    db,
  );
}

/** Deletes a subscription and its delivery log, audited. Attempts already queued find nothing and stop. */
export async function deleteWebhook(ctx: SessionContext, id: string, db?: Database): Promise<void> {
  assertCanManageWebhooks(ctx);
  await withTenant(
    ctx.tenantId,
    async (tx) => {
      const before = await lockSubscription(tx, id);
      await tx.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id]);
      await auditWebhook(tx, ctx, id, 'webhook.delete', { url: auditUrl(before.url), eventTypes: before.event_types });
    },
    db,
  );
}

/**
 * Gives a subscription a new signing secret, shown in this answer only, audited. The secret it
 * replaces keeps signing too (a second signature in the same header) for ROTATION_OVERLAP_MS,
 * so the receiver can switch to the new one without refusing a delivery.
 */
export async function rotateWebhookSecret(ctx: SessionContext, id: string, db?: Database): Promise<{ secret: string; previousSecretValidUntil: string }> {
  assertCanManageWebhooks(ctx);
  const secret = newWebhookSecret();
  const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
  await withTenant(
    ctx.tenantId,
    async (tx) => {
      const row = await lockSubscription(tx, id);
      // Re-sealed under the previous slot's context (a sealed value only opens in its own slot).
      const previous = encryptSecret(decryptSecret(row.secret_sealed, currentSecretContext(id)), previousSecretContext(id));
      await tx.query(
        `UPDATE webhook_subscriptions SET secret_sealed = $2, previous_secret_sealed = $3, previous_secret_expires_at = $4, updated_at = now() WHERE id = $1`,
        [id, sealCurrentSecret(id, secret), previous, until],
      );
      await auditWebhook(tx, ctx, id, 'webhook.rotate_secret', { previousSecretValidUntil: until.toISOString() });
    },
    db,
  );
  return { secret, previousSecretValidUntil: until.toISOString() };
}
