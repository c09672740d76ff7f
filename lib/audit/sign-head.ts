import 'server-only';
import type { KeyRing } from '../crypto/key-ring';
import type { Queryable } from '../db/types';
import { canonicalJson, GENESIS_HASH } from './hash-entry';
import { signWithHeadKey } from './head-key';

/**
 * A head is signed at least this often (ms) even when the chain did not move: daily. Without
 * it a quiet tenant's newest head could legitimately be months old, and deleting the newest
 * heads together with the newest entries would look the same; with it, a newest head older
 * than two heartbeats means heads were deleted (verify-heads.ts reports it).
 */
export const HEAD_HEARTBEAT_MS = 24 * 60 * 60 * 1000;

/** What a signed head states about one tenant's chain at `signedAt`. */
export interface HeadPayload {
  v: 1;
  tenantId: string;
  signedAt: string;
  /** The newest entry's seq (0 for an empty chain): entries up to here existed, unchanged. */
  headSeq: number;
  headHash: string;
  /** Entries kept at that moment (headSeq minus the checkpoint's seq): truncation shows. */
  entries: number;
  /** The retention checkpoint the kept entries verify from, or null when nothing was removed. */
  checkpoint: { seq: number; hash: string } | null;
}

export interface SignedHead {
  payload: HeadPayload;
  keyId: string;
  signature: string;
}

/** The exact bytes that are signed: canonical JSON of the payload (sorted keys). */
export function headMessage(payload: HeadPayload): string {
  return canonicalJson(payload);
}

/**
 * Signs the current head of `tenantId`'s chain and stores it, inside the caller's transaction
 * (tenant or system, with app.tenant_id set). Takes the tenant's audit lock, so the head read
 * is the last chained entry and no sequencer pass slips in between. Entries still pending are
 * not covered: callers chain first (sequenceAudit before the transaction, or chainPending
 * inside an owner transaction). With `onlyIfChanged`, returns
 * null without signing when the newest signed head already states the same thing and was
 * signed less than HEAD_HEARTBEAT_MS before `now` (a heartbeat head is signed otherwise).
 */
export async function signHead(tx: Queryable, tenantId: string, opts: { now?: Date; onlyIfChanged?: boolean; ring?: KeyRing } = {}): Promise<SignedHead | null> {
  const now = opts.now ?? new Date();
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('audit:' || $1, 0))`, [tenantId]);
  const last = await tx.query<{ seq: string | number; hash: string }>(`SELECT seq, hash FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`, [tenantId]);
  const cp = await tx.query<{ seq: string | number; hash: string }>(
    `SELECT through_seq AS seq, hash FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY through_seq DESC LIMIT 1`,
    [tenantId],
  );
  const checkpoint = cp.rows[0] ? { seq: Number(cp.rows[0].seq), hash: cp.rows[0].hash } : null;
  const head = last.rows[0] ? { seq: Number(last.rows[0].seq), hash: last.rows[0].hash } : (checkpoint ?? { seq: 0, hash: GENESIS_HASH });
  if (opts.onlyIfChanged) {
    const prev = await tx.query<{ payload: HeadPayload }>(`SELECT payload FROM audit_heads WHERE tenant_id = $1 ORDER BY id DESC LIMIT 1`, [tenantId]);
    const p = prev.rows[0]?.payload;
    const fresh = p && now.getTime() - Date.parse(p.signedAt) < HEAD_HEARTBEAT_MS;
    if (p && fresh && p.headSeq === head.seq && p.headHash === head.hash && canonicalJson(p.checkpoint) === canonicalJson(checkpoint)) return null;
  }
  const payload: HeadPayload = {
    v: 1,
    tenantId,
    signedAt: now.toISOString(),
    headSeq: head.seq,
    headHash: head.hash,
    entries: head.seq - (checkpoint?.seq ?? 0),
    checkpoint,
  };
  const { keyId, signature } = signWithHeadKey(headMessage(payload), opts.ring);
  await tx.query(`INSERT INTO audit_heads (tenant_id, signed_at, head_seq, payload, key_id, signature) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`, [
    tenantId,
    payload.signedAt,
    payload.headSeq,
    JSON.stringify(payload),
    keyId,
    signature,
  ]);
  return { payload, keyId, signature };
}

/** Every stored signed head of `tenantId`, oldest first. */
export async function listSignedHeads(tx: Queryable, tenantId: string): Promise<SignedHead[]> {
  const r = await tx.query<{ payload: HeadPayload; key_id: string; signature: string }>(
    `SELECT payload, key_id, signature FROM audit_heads WHERE tenant_id = $1 ORDER BY id`,
    [tenantId],
  );
  return r.rows.map((row) => ({ payload: row.payload, keyId: row.key_id, signature: row.signature }));
}
