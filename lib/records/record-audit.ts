import 'server-only';
import type { AuditEvent } from '../audit/append-audit';

export interface AuditedChange {
  recordId: string;
  op: 'create' | 'update' | 'delete';
  changedFields: readonly string[];
}

export interface ChangeAuthor {
  tenantId: string;
  actorId: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  source: string;
  workflowId?: string | null;
}

/**
 * The audit entries of record writes: who, which record, when and which fields changed.
 * Field names only, never values: the audit log is append-only and kept for years, so it must
 * not become a second, unerasable copy of customer data. The values before and after live in
 * record_changes, which the app can purge.
 */
export function recordAuditEvents(collection: string, changes: readonly AuditedChange[], author: ChangeAuthor): AuditEvent[] {
  return changes.map((c) => ({
    tenantId: author.tenantId,
    actorId: author.actorId,
    action: `record.${c.op}`,
    targetType: collection,
    targetId: c.recordId,
    data: { fields: [...c.changedFields], source: author.source, ...(author.workflowId ? { workflowId: author.workflowId } : {}) },
    ip: author.ip ?? null,
    userAgent: author.userAgent ?? null,
    requestId: author.requestId ?? null,
  }));
}
