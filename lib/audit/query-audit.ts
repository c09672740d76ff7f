import 'server-only';
import Papa from 'papaparse';
import type { Queryable } from '../db/types';
import type { FieldChanges } from './append-audit';
import type { AuditFilter } from './audit-filter';

export interface AuditEntry {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
  /** Before/after values of a record change; null for other events or once erased. */
  changes: FieldChanges | null;
  ip: string | null;
  userAgent: string | null;
  hash: string;
}

/** Newest-first page of the current tenant's audit log (RLS scopes it to the tenant). */
export async function queryAudit(tx: Queryable, filter: AuditFilter): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.actorId) add('a.actor_id = ?', filter.actorId);
  // A trailing dot asks for a whole area (`auth.`); otherwise the exact action.
  if (filter.action?.endsWith('.')) add(`a.action LIKE ? || '%'`, filter.action);
  else if (filter.action) add('a.action = ?', filter.action);
  if (filter.targetType) add('a.target_type = ?', filter.targetType);
  if (filter.targetId) add('a.target_id = ?', filter.targetId);
  if (filter.from) add('a.occurred_at >= ?', filter.from);
  if (filter.to) add('a.occurred_at <= ?', filter.to);
  if (filter.beforeSeq) add('a.seq < ?', filter.beforeSeq);
  params.push(filter.limit);
  const { rows } = await tx.query<{
    seq: number;
    occurred_at: string;
    actor_id: string | null;
    actor_name: string | null;
    action: string;
    target_type: string | null;
    target_id: string | null;
    data: unknown;
    changes: FieldChanges | null;
    ip: string | null;
    user_agent: string | null;
    hash: string;
  }>(
    `SELECT a.seq, a.occurred_at, a.actor_id, u.name AS actor_name, a.action, a.target_type, a.target_id, a.data, v.changes, a.ip, a.user_agent, a.hash
     FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
     LEFT JOIN audit_values v ON v.tenant_id = a.tenant_id AND v.seq = a.seq
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY a.seq DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    seq: r.seq,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    data: r.data,
    changes: r.changes,
    ip: r.ip,
    userAgent: r.user_agent,
    hash: r.hash,
  }));
}

/** CSV export: one row per entry, details and before/after values as JSON text (spreadsheet-safe). */
export function auditToCsv(entries: AuditEntry[]): string {
  return Papa.unparse(
    entries.map((e) => ({
      seq: e.seq,
      occurred_at: e.occurredAt,
      actor_id: e.actorId ?? '',
      actor_name: e.actorName ?? '',
      action: e.action,
      target_type: e.targetType ?? '',
      target_id: e.targetId ?? '',
      data: JSON.stringify(e.data),
      changes: e.changes ? JSON.stringify(e.changes) : '',
      ip: e.ip ?? '',
      user_agent: e.userAgent ?? '',
      hash: e.hash,
    })),
    // Security: cells starting with = + - @ are prefixed so a spreadsheet never runs them as formulas.
    { escapeFormulae: true },
  );
}
