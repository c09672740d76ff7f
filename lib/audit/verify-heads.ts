import 'server-only';
import type { KeyRing } from '../crypto/key-ring';
import type { Queryable } from '../db/types';
import { verifyWithHeadKey } from './head-key';
import { headMessage, listSignedHeads, type SignedHead } from './sign-head';

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
  | { reason: 'head_missing'; headSeq: number; signedAt: string };

export interface HeadVerdict {
  ok: boolean;
  /** Stored heads whose signature verifies. */
  signedHeads: number;
  latest: { headSeq: number; signedAt: string; keyId: string } | null;
  /** Entries after the newest signed head: nothing vouches for them yet. */
  unsignedEntries: number;
  problems: HeadProblem[];
}

const MAX_PROBLEMS = 20;

/**
 * Checks `tenantId`'s chain against its signed heads (and any `supplied` heads an auditor kept
 * from an earlier export). What this detects is everything at or before the newest valid
 * signed head: an entry changed and the chain recomputed (the signed hash no longer matches),
 * the newest entries deleted (fewer entries than a head signed for), a forged retention
 * checkpoint (no signed head vouches for it) and, with supplied heads, deleted heads. Entries
 * appended after the newest signed head are reported as unsigned: until the next signature
 * nothing tells an attacker's entry with a recomputed hash from a genuine one.
 */
export async function verifyHeads(tx: Queryable, tenantId: string, opts: { supplied?: readonly SignedHead[]; ring?: KeyRing } = {}): Promise<HeadVerdict> {
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

  // Every signed head still inside the kept chain must name the entry that is there now.
  const kept = valid.filter((h) => h.payload.headSeq > (checkpoint?.seq ?? 0) && h.payload.headSeq <= currentSeq);
  const seqs = [...new Set(kept.map((h) => h.payload.headSeq))];
  const hashes = new Map<number, string>();
  if (seqs.length) {
    const r = await tx.query<{ seq: string | number; hash: string }>(`SELECT seq, hash FROM audit_log WHERE tenant_id = $1 AND seq = ANY($2::bigint[])`, [tenantId, seqs]);
    for (const row of r.rows) hashes.set(Number(row.seq), row.hash);
  }
  const mismatched = new Set<number>();
  for (const h of valid) {
    const seq = h.payload.headSeq;
    const actual = checkpoint && seq === checkpoint.seq ? checkpoint.hash : hashes.get(seq);
    const inScope = (checkpoint && seq === checkpoint.seq) || kept.includes(h);
    if (inScope && actual !== h.payload.headHash && !mismatched.has(seq)) {
      mismatched.add(seq);
      problems.push({ reason: 'head_mismatch', headSeq: seq });
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

  const latest = stored.filter((h) => valid.includes(h)).at(-1);
  return {
    ok: problems.length === 0,
    signedHeads,
    latest: latest ? { headSeq: latest.payload.headSeq, signedAt: latest.payload.signedAt, keyId: latest.keyId } : null,
    unsignedEntries: Math.max(0, currentSeq - (newest?.payload.headSeq ?? 0)),
    problems: problems.slice(0, MAX_PROBLEMS),
  };
}
