import 'server-only';
import type { KeyRing } from '../crypto/key-ring';
import type { Queryable } from '../db/types';
import { verifyWithHeadKey } from './head-key';
import { HEAD_HEARTBEAT_MS, headMessage, listSignedHeads, type SignedHead } from './sign-head';

export type HeadProblem =
  /** A stored (or supplied) head whose signature does not verify: forged or altered. */
  | { reason: 'bad_signature' | 'unknown_key' | 'wrong_tenant'; headSeq: number; signedAt: string }
  /** Entries at or below a signed head's seq are gone: the newest entries were deleted. */
  | { reason: 'truncated'; headSeq: number; currentSeq: number }
  /** The entry at a signed head's seq no longer has the signed hash: the chain was rewritten. */
  | { reason: 'head_mismatch'; headSeq: number }
  /** The retention checkpoint the chain verifies from was never signed: it may be forged. */
  | { reason: 'checkpoint_unsigned'; checkpointSeq: number }
  /** A head the auditor kept from an earlier export is missing from the database. */
  | { reason: 'head_missing'; headSeq: number; signedAt: string }
  /** Fewer (or more) entries are kept up to a signed head than it signed for: entries were deleted or inserted. */
  | { reason: 'count_mismatch'; headSeq: number; signed: number; kept: number }
  /**
   * The newest valid head is older than two heartbeats although the chain is older too: a head
   * is signed at least once per heartbeat, so newer heads (and maybe entries) were deleted.
   */
  | { reason: 'stale_head'; headSeq: number; signedAt: string }
  /** Entries older than two heartbeats that no valid head covers: their heads were deleted (or never made). */
  | { reason: 'missing_heads'; fromSeq: number; occurredAt: string };

export interface HeadVerdict {
  ok: boolean;
  /** Stored heads whose signature verifies. */
  signedHeads: number;
  latest: { headSeq: number; signedAt: string; keyId: string } | null;
  /** Entries after the newest signed head, pending ones included: nothing vouches for them yet. */
  unsignedEntries: number;
  problems: HeadProblem[];
}

const MAX_PROBLEMS = 20;
/**
 * How old the newest valid head may be (ms) before it counts as stale: two heartbeats, so one
 * missed or late job run (the job runs hourly, a heartbeat head at least daily) is no alarm.
 */
export const STALE_HEAD_MS = 2 * HEAD_HEARTBEAT_MS;

/**
 * Checks `tenantId`'s chain against its signed heads (and any `supplied` heads an auditor kept
 * from an earlier export). What this detects is everything at or before the newest valid
 * signed head: an entry changed and the chain recomputed (the signed hash no longer matches),
 * the newest entries deleted (fewer entries than a head signed for), a forged retention
 * checkpoint (no signed head vouches for it) and, with supplied heads, deleted heads. Entries
 * appended after the newest signed head are reported as unsigned: until the next signature
 * nothing tells an attacker's entry with a recomputed hash from a genuine one.
 *
 * Security: the newest heads can be deleted together with the newest entries; what shows it
 * without a kept export is the heartbeat: a head is signed at least every HEAD_HEARTBEAT_MS
 * even when nothing changed, so a newest valid head older than STALE_HEAD_MS (while the chain
 * has entries older than that), or entries older than that which no head covers, mean heads
 * were deleted. Truncation inside that window shows only against heads kept from an export.
 */
export async function verifyHeads(
  tx: Queryable,
  tenantId: string,
  opts: { supplied?: readonly SignedHead[]; ring?: KeyRing; now?: Date } = {},
): Promise<HeadVerdict> {
  const problems: HeadProblem[] = [];
  const stored = await listSignedHeads(tx, tenantId);
  const valid: SignedHead[] = [];
  const check = (h: SignedHead): boolean => {
    const at = { headSeq: Number(h.payload?.headSeq ?? -1), signedAt: String(h.payload?.signedAt ?? '') };
    const sig = verifyWithHeadKey(headMessage(h.payload), h.keyId, h.signature, opts.ring);
    if (sig !== 'ok') problems.push({ reason: sig, ...at });
    else if (h.payload.tenantId !== tenantId) problems.push({ reason: 'wrong_tenant', ...at });
    else return true;
    return false;
  };
  for (const h of stored) if (check(h)) valid.push(h);
  const signedHeads = valid.length;
  const identity = (h: SignedHead) => `${h.keyId} ${h.signature} ${headMessage(h.payload)}`;
  const storedIds = new Set(stored.map(identity));
  for (const h of opts.supplied ?? []) {
    if (storedIds.has(identity(h)) || !check(h)) continue;
    problems.push({ reason: 'head_missing', headSeq: h.payload.headSeq, signedAt: h.payload.signedAt });
    valid.push(h);
  }

  const last = await tx.query<{ seq: string | number }>(`SELECT seq FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`, [tenantId]);
  const cpRow = await tx.query<{ seq: string | number; hash: string }>(
    `SELECT through_seq AS seq, hash FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY through_seq DESC LIMIT 1`,
    [tenantId],
  );
  const checkpoint = cpRow.rows[0] ? { seq: Number(cpRow.rows[0].seq), hash: cpRow.rows[0].hash } : null;
  const currentSeq = last.rows[0] ? Number(last.rows[0].seq) : (checkpoint?.seq ?? 0);

  const newest = valid.reduce<SignedHead | null>((a, h) => (!a || h.payload.headSeq > a.payload.headSeq ? h : a), null);
  if (newest && newest.payload.headSeq > currentSeq) problems.push({ reason: 'truncated', headSeq: newest.payload.headSeq, currentSeq });

  // Every signed head still inside the kept chain must name the entry that is there now, and
  // have as many entries kept up to it as it signed for (less what retention removed since).
  const cpSeq = checkpoint?.seq ?? 0;
  const kept = new Set(valid.filter((h) => h.payload.headSeq > cpSeq && h.payload.headSeq <= currentSeq));
  const seqs = [...new Set([...kept].map((h) => h.payload.headSeq))];
  const atSeq = new Map<number, { hash: string; rank: number }>();
  if (seqs.length) {
    // rank: how many kept entries there are up to and including this one (one pass over the index).
    const r = await tx.query<{ seq: string | number; hash: string; rank: string | number }>(
      `SELECT seq, hash, rank FROM (
         SELECT seq, hash, row_number() OVER (ORDER BY seq) AS rank FROM audit_log WHERE tenant_id = $1 AND seq > $3
       ) k WHERE seq = ANY($2::bigint[])`,
      [tenantId, seqs, cpSeq],
    );
    for (const row of r.rows) atSeq.set(Number(row.seq), { hash: row.hash, rank: Number(row.rank) });
  }
  const mismatched = new Set<number>();
  for (const h of valid) {
    const seq = h.payload.headSeq;
    const row = atSeq.get(seq);
    const actual = checkpoint && seq === checkpoint.seq ? checkpoint.hash : row?.hash;
    const inScope = (checkpoint && seq === checkpoint.seq) || kept.has(h);
    if (!inScope || mismatched.has(seq)) continue;
    if (actual !== h.payload.headHash) {
      mismatched.add(seq);
      problems.push({ reason: 'head_mismatch', headSeq: seq });
      continue;
    }
    if (!row) continue; // the head is the checkpoint itself: nothing is kept up to it
    // The head counted the entries after its own checkpoint; retention since then removed
    // (current checkpoint − the head's checkpoint) of them.
    const expected = h.payload.entries - (cpSeq - (h.payload.checkpoint?.seq ?? 0));
    if (row.rank !== expected) {
      mismatched.add(seq);
      problems.push({ reason: 'count_mismatch', headSeq: seq, signed: h.payload.entries, kept: row.rank });
    }
  }

  // The checkpoint the chain is verified from must be one a signed head vouched for.
  if (checkpoint) {
    const vouched = valid.some(
      (h) =>
        (h.payload.checkpoint?.seq === checkpoint.seq && h.payload.checkpoint.hash === checkpoint.hash) ||
        (h.payload.headSeq === checkpoint.seq && h.payload.headHash === checkpoint.hash),
    );
    if (!vouched) problems.push({ reason: 'checkpoint_unsigned', checkpointSeq: checkpoint.seq });
  }

  // Heartbeat: heads deleted together with the newest entries leave an old newest head behind.
  const cutoff = new Date((opts.now ?? new Date()).getTime() - STALE_HEAD_MS);
  const old = await tx.query<{ seq: string | number; at: Date | string }>(
    `SELECT seq, occurred_at AS at FROM audit_log WHERE tenant_id = $1 AND occurred_at < $2 AND seq > $3 ORDER BY seq LIMIT 1`,
    [tenantId, cutoff.toISOString(), newest?.payload.headSeq ?? 0],
  );
  const hasOld = async () =>
    old.rows.length > 0 ||
    (await tx.query(`SELECT 1 FROM audit_log WHERE tenant_id = $1 AND occurred_at < $2 LIMIT 1`, [tenantId, cutoff.toISOString()])).rows.length > 0;
  const signedAt = (h: SignedHead) => Date.parse(h.payload.signedAt);
  const newestSigned = valid.reduce<SignedHead | null>((a, h) => (!a || signedAt(h) > signedAt(a) ? h : a), null);
  if (newestSigned && signedAt(newestSigned) < cutoff.getTime() && (await hasOld())) {
    problems.push({ reason: 'stale_head', headSeq: newestSigned.payload.headSeq, signedAt: newestSigned.payload.signedAt });
  }
  const oldUnsigned = old.rows[0];
  if (oldUnsigned) problems.push({ reason: 'missing_heads', fromSeq: Number(oldUnsigned.seq), occurredAt: new Date(oldUnsigned.at).toISOString() });

  // Entries still waiting for the sequencer are unsigned too (verify-pending.ts checks them).
  const pending = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_pending WHERE tenant_id = $1', [tenantId]);

  const validSet = new Set(valid);
  const latest = stored.filter((h) => validSet.has(h)).at(-1);
  return {
    ok: problems.length === 0,
    signedHeads,
    latest: latest ? { headSeq: latest.payload.headSeq, signedAt: latest.payload.signedAt, keyId: latest.keyId } : null,
    unsignedEntries: Math.max(0, currentSeq - (newest?.payload.headSeq ?? 0)) + Number(pending.rows[0]?.n ?? 0),
    problems: problems.slice(0, MAX_PROBLEMS),
  };
}
