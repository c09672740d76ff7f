import 'server-only';
import type { Queryable } from '../db/types';
import type { AuditAction } from './audit-actions';
import { GENESIS_HASH, hashEntry, hashValues, type AuditContent } from './hash-entry';

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

/**
 * Appends one entry to the tenant's hash chain inside the caller's transaction, so the entry
 * commits or rolls back with the change it records. Entries of one tenant are serialised by
 * a transaction-scoped advisory lock: two writers can never both link to the same predecessor.
 */
export async function appendAudit(tx: Queryable, event: AuditEvent): Promise<{ seq: number; hash: string }> {
  const [head] = await appendAuditMany(tx, event.tenantId, [event]);
  return head!;
}

/**
 * Appends several entries of one tenant in order with one lock, one read of the chain head
 * and one INSERT: a sync push of 100 records costs three statements, not three hundred.
 */
export async function appendAuditMany(tx: Queryable, tenantId: string, events: readonly AuditEvent[]): Promise<{ seq: number; hash: string }[]> {
  if (events.length === 0) return [];
  if (events.some((e) => e.tenantId !== tenantId)) throw new Error('appendAuditMany: every event must belong to the same tenant');
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('audit:' || $1, 0))`, [tenantId]);
  const last = await tx.query<{ seq: number; hash: string }>(
    `SELECT seq, hash FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
    [tenantId],
  );
  let prev = last.rows[0];
  if (!prev) {
    const checkpoint = await tx.query<{ seq: number; hash: string }>(
      `SELECT through_seq AS seq, hash FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY through_seq DESC LIMIT 1`,
      [tenantId],
    );
    prev = checkpoint.rows[0];
  }
  let seq = Number(prev?.seq ?? 0);
  let prevHash = prev?.hash ?? GENESIS_HASH;
  const now = new Date();
  const rows: (AuditContent & { prevHash: string; hash: string; values?: FieldChanges })[] = [];
  for (const event of events) {
    const data = event.values ? { ...event.data, valuesSha256: hashValues(event.values) } : (event.data ?? {});
    const content: AuditContent = {
      tenantId,
      seq: ++seq,
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
    const hash = hashEntry(prevHash, content);
    rows.push({ ...content, prevHash, hash, values: event.values });
    prevHash = hash;
  }
  await tx.query(
    `INSERT INTO audit_log (tenant_id, seq, occurred_at, actor_id, action, target_type, target_id, data, ip, user_agent, request_id, prev_hash, hash)
     SELECT $1, x.seq, x.occurred_at, x.actor_id, x.action, x.target_type, x.target_id, x.data, x.ip, x.user_agent, x.request_id, x.prev_hash, x.hash
     FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, occurred_at timestamptz, actor_id uuid, action text, target_type text, target_id text,
                                             data jsonb, ip text, user_agent text, request_id text, prev_hash text, hash text)
     ORDER BY x.seq`,
    [
      tenantId,
      JSON.stringify(
        rows.map((r) => ({
          seq: r.seq,
          occurred_at: r.occurredAt,
          actor_id: r.actorId,
          action: r.action,
          target_type: r.targetType,
          target_id: r.targetId,
          data: r.data,
          ip: r.ip,
          user_agent: r.userAgent,
          request_id: r.requestId,
          prev_hash: r.prevHash,
          hash: r.hash,
        })),
      ),
    ],
  );
  const withValues = rows.filter((r) => r.values);
  if (withValues.length) {
    await tx.query(
      `INSERT INTO audit_values (tenant_id, seq, changes)
       SELECT $1, x.seq, x.changes FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, changes jsonb)`,
      [tenantId, JSON.stringify(withValues.map((r) => ({ seq: r.seq, changes: r.values })))],
    );
  }
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}
