import 'server-only';
import type { Queryable } from '../db/types';
import { contentOfRow, GENESIS_HASH, hashEntry, hashValues, type StoredContent } from './hash-entry';

export type ChainVerdict =
  | { ok: true; entries: number; fromSeq: number }
  | { ok: false; entries: number; brokenAtSeq: number; reason: 'content_changed' | 'link_broken' | 'gap' | 'values_changed' };

type AuditRow = StoredContent & {
  tenant_id: string;
  seq: number;
  prev_hash: string;
  hash: string;
  /** The entry's before/after values from audit_values; null when there are none or they were erased. */
  changes: unknown;
};

const PAGE = 1000;

/**
 * Recomputes a tenant's chain from its trusted start (genesis, or the latest retention
 * checkpoint) and reports the first entry whose content, link, sequence or stored before/after
 * values do not hold.
 */
export async function verifyChain(tx: Queryable, tenantId: string): Promise<ChainVerdict> {
  const checkpoint = await tx.query<{ seq: number; hash: string }>(
    `SELECT through_seq AS seq, hash FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY through_seq DESC LIMIT 1`,
    [tenantId],
  );
  let expectedSeq = (checkpoint.rows[0]?.seq ?? 0) + 1;
  const fromSeq = expectedSeq;
  let prevHash = checkpoint.rows[0]?.hash ?? GENESIS_HASH;
  let entries = 0;
  let after = 0;
  for (;;) {
    const { rows } = await tx.query<AuditRow>(
      `SELECT a.*, v.changes FROM audit_log a LEFT JOIN audit_values v ON v.tenant_id = a.tenant_id AND v.seq = a.seq
       WHERE a.tenant_id = $1 AND a.seq > $2 ORDER BY a.seq LIMIT ${PAGE}`,
      [tenantId, after],
    );
    for (const row of rows) {
      // Rows at or before the checkpoint are leftovers of retention, not part of the chain.
      if (row.seq < fromSeq) continue;
      if (row.seq !== expectedSeq) return { ok: false, entries, brokenAtSeq: expectedSeq, reason: 'gap' };
      if (row.prev_hash !== prevHash) return { ok: false, entries, brokenAtSeq: row.seq, reason: 'link_broken' };
      const recomputed = hashEntry(prevHash, { ...contentOfRow(row.tenant_id, row), seq: row.seq });
      if (recomputed !== row.hash) return { ok: false, entries, brokenAtSeq: row.seq, reason: 'content_changed' };
      // Values may be erased (no row), never altered: present values must match what the entry committed to.
      const committed = (row.data as { valuesSha256?: unknown } | null)?.valuesSha256;
      if (row.changes !== null && committed !== hashValues(row.changes)) {
        return { ok: false, entries, brokenAtSeq: row.seq, reason: 'values_changed' };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      entries += 1;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.seq ?? after;
  }
  return { ok: true, entries, fromSeq };
}
