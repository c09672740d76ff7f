import 'server-only';
import { afterCommit } from '../db/after-commit';
import type { Queryable } from '../db/types';
import type { AuditAction } from './audit-actions';
import { hashPending, hashValues, rowOfContent, type PendingContent } from './hash-entry';
import { kickSequencer } from './sequence-audit';

/** Field-level before/after of one record change: `{ amountCents: { before: 100, after: 250 } }`. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditEvent {
  tenantId: string;
  actorId?: string | null;
  /** `area.verb` from the one list in audit-actions.ts (the database checks the name's shape). */
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  data?: Record<string, unknown>;
  /**
   * Before/after values of a record change. Stored in audit_values, beside the chain, so they
   * can be erased; the entry's data commits to them with `valuesSha256`.
   */
  values?: FieldChanges;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** Defaults to now; tests pass a fixed time. */
  occurredAt?: Date;
}

/** A written, not yet chained entry: its place in audit_pending and the hash of its content. */
export interface PendingRef {
  id: number;
  contentHash: string;
}

/**
 * Appends one entry to the tenant's audit log inside the caller's transaction, so the entry
 * commits or rolls back with the change it records. It is written unchained and takes no
 * lock: the sequencer links it into the hash chain once it has committed (sequence-audit.ts).
 */
export async function appendAudit(tx: Queryable, event: AuditEvent): Promise<PendingRef> {
  const [ref] = await appendAuditMany(tx, event.tenantId, [event]);
  return ref!;
}

/**
 * Appends several entries of one tenant, in order, with one INSERT: a sync push of 100 records
 * costs one statement. No lock and no read of the chain head, so writers of one tenant never
 * wait for each other. The entries are chained (in this order) by a sequencer pass started
 * when the transaction commits, or by whichever pass comes first: every reader of the log runs
 * one before reading (sequence-audit.ts).
 */
export async function appendAuditMany(tx: Queryable, tenantId: string, events: readonly AuditEvent[]): Promise<PendingRef[]> {
  if (events.length === 0) return [];
  if (events.some((e) => e.tenantId !== tenantId)) throw new Error('appendAuditMany: every event must belong to the same tenant');
  const now = new Date();
  const rows = events.map((event) => {
    const data = event.values ? { ...event.data, valuesSha256: hashValues(event.values) } : (event.data ?? {});
    const content: PendingContent = {
      tenantId,
      // Millisecond ISO text survives the timestamptz round trip exactly, so verification matches.
      occurredAt: (event.occurredAt ?? now).toISOString(),
      actorId: event.actorId ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      data,
      ip: event.ip ?? null,
      userAgent: event.userAgent ?? null,
      requestId: event.requestId ?? null,
    };
    return { content, contentHash: hashPending(content), values: event.values ?? null };
  });
  const inserted = await tx.query<{ id: number }>(
    `INSERT INTO audit_pending (tenant_id, occurred_at, actor_id, action, target_type, target_id, data, ip, user_agent, request_id, changes, content_hash)
     SELECT $1, x.occurred_at, x.actor_id, x.action, x.target_type, x.target_id, x.data, x.ip, x.user_agent, x.request_id, x.changes, x.content_hash
     FROM jsonb_to_recordset($2::jsonb) AS x(occurred_at timestamptz, actor_id uuid, action text, target_type text, target_id text,
                                             data jsonb, ip text, user_agent text, request_id text, changes jsonb, content_hash text, ord int)
     ORDER BY x.ord
     RETURNING id`,
    [
      tenantId,
      JSON.stringify(
        rows.map(({ content, contentHash, values }, ord) => ({ ord, ...rowOfContent(content), changes: values, content_hash: contentHash })),
      ),
    ],
  );
  // Not awaited: the writer returns as soon as it has committed, and concurrent writers' kicks
  // coalesce into one pass. Readers chain what has committed before they read.
  afterCommit(tx, `audit-sequence:${tenantId}`, (db) => kickSequencer(tenantId, db));
  // Identity values are drawn in insert order, which ORDER BY fixed: sorted ids match the events.
  const ids = inserted.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  return rows.map((r, i) => ({ id: ids[i]!, contentHash: r.contentHash }));
}
