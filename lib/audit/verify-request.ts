import 'server-only';
import { z } from 'zod';

// The body of POST /api/audit/verify: optionally, the signed heads an auditor kept from an
// earlier export (GET /api/audit/heads), so heads deleted from the database since then show.

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest');
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const signedHeadSchema = z.object({
  payload: z.object({
    v: z.literal(1),
    tenantId: z.uuid(),
    signedAt: z.iso.datetime(),
    headSeq: seq,
    headHash: sha256Hex,
    entries: seq,
    checkpoint: z.object({ seq, hash: sha256Hex }).nullable(),
  }),
  keyId: z.string().min(1).max(100),
  signature: z.string().min(1).max(200),
});

/**
 * At most this many kept heads per request: over a year of hourly heads. Each one not stored
 * costs an Ed25519 check: 10,000 took 2-3 s on a busy 2-core test machine, and verification is
 * limited per organization per minute; the audit page sends the newest heads of a longer export.
 */
export const MAX_SUPPLIED_HEADS = 10_000;
/** Body limit of a verify request carrying kept heads (bytes): ~1 KB per exported head with its signed text. */
export const VERIFY_BODY_MAX_BYTES = 10_000_000;

export const verifyRequestSchema = z.object({
  heads: z.array(signedHeadSchema).max(MAX_SUPPLIED_HEADS).optional(),
});
export type VerifyRequest = z.infer<typeof verifyRequestSchema>;
