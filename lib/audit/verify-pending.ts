import 'server-only';
import type { Queryable } from '../db/types';
import { contentOfRow, hashPending, hashValues, type StoredContent } from './hash-entry';

/**
 * How long (ms) an entry may wait unchained before verification reports it: the sequencer
 * chains an entry right after its transaction commits, or within seconds from its timer
 * (sequence-audit.ts), so one a minute old means the sequencer stopped, or the entry was
 * written (or hidden) behind its back.
 */
export const PENDING_OVERDUE_MS = 60_000;

export type PendingProblem = {
  /**
   * content_changed: the row no longer matches its content hash (edited, or inserted with a
   * made-up hash); values_changed: its before/after values are not those its data commits to;
   * overdue: older than PENDING_OVERDUE_MS.
   */
  reason: 'content_changed' | 'values_changed' | 'overdue';
  pendingId: number;
  appendedAt: string;
};

export interface PendingVerdict {
  ok: boolean;
  /** Entries written and not chained yet. */
  waiting: number;
  problems: PendingProblem[];
}

const PAGE = 1000;
const MAX_PROBLEMS = 20;

type Row = StoredContent & { id: number; appended_at: string; overdue: boolean; changes: unknown; content_hash: string };

/**
 * Checks `tenantId`'s entries that wait to be chained: each must still match its content hash
 * and its before/after values, and none may be older than PENDING_OVERDUE_MS (by the database
 * clock, or `now`). Run after a sequencer pass, what is left is what arrived since and what the
 * sequencer refused.
 *
 * Security: like entries after the newest signed head, a pending entry rewritten together
 * with its content hash, or deleted before it is chained, cannot be told from a genuine one
 * (or from a write that never happened); the window is the time to the next sequencer pass.
 */
export async function verifyPending(tx: Queryable, tenantId: string, opts: { now?: Date } = {}): Promise<PendingVerdict> {
  const problems: PendingProblem[] = [];
  let waiting = 0;
  let after = 0;
  for (;;) {
    const { rows } = await tx.query<Row>(
      `SELECT id, appended_at, appended_at < coalesce($3::timestamptz, clock_timestamp()) - make_interval(secs => $4) AS overdue,
              occurred_at, actor_id, action, target_type, target_id, data, ip, user_agent, request_id, changes, content_hash
       FROM audit_pending WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT ${PAGE}`,
      [tenantId, after, opts.now?.toISOString() ?? null, PENDING_OVERDUE_MS / 1000],
    );
    for (const row of rows) {
      waiting += 1;
      const at = { pendingId: Number(row.id), appendedAt: row.appended_at };
      if (hashPending(contentOfRow(tenantId, row)) !== row.content_hash) problems.push({ reason: 'content_changed', ...at });
      else if (row.changes !== null && (row.data as { valuesSha256?: unknown } | null)?.valuesSha256 !== hashValues(row.changes)) problems.push({ reason: 'values_changed', ...at });
      if (row.overdue) problems.push({ reason: 'overdue', ...at });
    }
    if (rows.length < PAGE) break;
    after = Number(rows[rows.length - 1]!.id);
  }
  return { ok: problems.length === 0, waiting, problems: problems.slice(0, MAX_PROBLEMS) };
}
