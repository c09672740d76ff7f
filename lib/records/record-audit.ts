import 'server-only';
import type { AuditEvent, FieldChanges } from '../audit/append-audit';

export interface AuditedChange {
  recordId: string;
  op: 'create' | 'update' | 'delete';
  changedFields: readonly string[];
  before: Readonly<Record<string, unknown>> | null;
  after: Readonly<Record<string, unknown>>;
}

export interface ChangeAuthor {
  tenantId: string;
  actorId: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  source: string;
  workflowId?: string | null;
  /** The API key that made the change (public API v1), beside the person it acts for. */
  apiKeyId?: string | null;
}

/** Each changed field's value before and after; absent values are null. */
export function fieldChanges(change: AuditedChange): FieldChanges {
  return Object.fromEntries(change.changedFields.map((f) => [f, { before: change.before?.[f] ?? null, after: change.after[f] ?? null }]));
}

/**
 * The audit entries of record writes: who, which record, when, which fields changed and
 * their values before and after. The values go beside the chain (audit_values), not in it:
 * the log is append-only and kept for years, and a person's data must stay erasable.
 */
export function recordAuditEvents(collection: string, changes: readonly AuditedChange[], author: ChangeAuthor, opts = { values: true }): AuditEvent[] {
  return changes.map((c) => ({
    tenantId: author.tenantId,
    actorId: author.actorId,
    action: `record.${c.op}`,
    targetType: collection,
    targetId: c.recordId,
    data: {
      fields: [...c.changedFields],
      source: author.source,
      ...(author.workflowId ? { workflowId: author.workflowId } : {}),
      ...(author.apiKeyId ? { apiKeyId: author.apiKeyId } : {}),
    },
    ...(opts.values && c.changedFields.length ? { values: fieldChanges(c) } : {}),
    ip: author.ip ?? null,
    userAgent: author.userAgent ?? null,
    requestId: author.requestId ?? null,
  }));
}
