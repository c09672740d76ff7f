import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { logger } from '../observability/logger';
import { runClaimedJob, type JobOutcome } from '../ops/maintenance-runs';
import { ApiProblem } from './problem';

/** How long an answer is kept for a repeat of the same Idempotency-Key (ms): 24 hours. */
export const IDEMPOTENCY_KEEP_MS = 24 * 60 * 60 * 1000;

/** What a key may look like: printable ASCII, so it is the same key in every client's hands. */
const keySchema = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/);

/** The Idempotency-Key header of a request (a Structured Fields string, quotes optional), or null; 400 when malformed. */
export function idempotencyKeyOf(req: Request): string | null {
  const raw = req.headers.get('idempotency-key');
  if (raw === null) return null;
  const unquoted = raw.trim().replace(/^"(.*)"$/, '$1');
  const parsed = keySchema.safeParse(unquoted);
  if (!parsed.success) {
    throw new AppError(ErrorCode.Validation, 'Idempotency-Key must be 1 to 255 printable ASCII characters.', [{ path: 'Idempotency-Key', message: 'Not a valid key.' }]);
  }
  return parsed.data;
}

export interface StoredAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Runs a POST's write at most once per (API key, Idempotency-Key) within 24 hours, inside the
 * caller's tenant transaction `tx`. The key's row is inserted first: a concurrent repeat waits
 * on its primary key until this transaction ends, then finds the stored answer (or, if this one
 * rolled back, runs itself). A failed request stores nothing (its transaction rolls back), so
 * the client may fix the body and retry with the same key. The same key with another request
 * is refused with 422.
 */
export async function onceForKey(
  tx: Queryable,
  scope: { tenantId: string; apiKeyId: string; key: string; request: string },
  write: () => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  const requestSha = createHash('sha256').update(scope.request).digest('hex');
  const id = [scope.tenantId, scope.apiKeyId, scope.key];
  await tx.query(`DELETE FROM api_idempotency WHERE tenant_id = $1 AND api_key_id = $2 AND idempotency_key = $3 AND created_at < now() - interval '24 hours'`, id);
  const claimed = await tx.query(
    `INSERT INTO api_idempotency (tenant_id, api_key_id, idempotency_key, request_sha256, status, response) VALUES ($1, $2, $3, $4, 0, 'null')
     ON CONFLICT DO NOTHING RETURNING 1`,
    [...id, requestSha],
  );
  if (claimed.rowCount === 0) {
    const { rows } = await tx.query<{ request_sha256: string; status: number; response: unknown; headers: Record<string, string> }>(
      'SELECT request_sha256, status, response, headers FROM api_idempotency WHERE tenant_id = $1 AND api_key_id = $2 AND idempotency_key = $3',
      id,
    );
    const stored = rows[0];
    if (!stored) throw new AppError(ErrorCode.Conflict, 'A request with this Idempotency-Key is still being processed; retry shortly.');
    if (stored.request_sha256 !== requestSha) {
      throw new ApiProblem('idempotency_key_reused', 'This Idempotency-Key was used for a different request in the last 24 hours; use a new key for a new request.');
    }
    return { status: stored.status, body: stored.response, headers: stored.headers, replayed: true };
  }
  const answer = await write();
  await tx.query('UPDATE api_idempotency SET status = $4, response = $5::jsonb, headers = $6::jsonb WHERE tenant_id = $1 AND api_key_id = $2 AND idempotency_key = $3', [
    ...id,
    answer.status,
    JSON.stringify(answer.body),
    JSON.stringify(answer.headers),
  ]);
  return { ...answer, replayed: false };
}

export const IDEMPOTENCY_PURGE_JOB = 'api_idempotency_purge';
/** How often old answers are deleted across all instances (ms): hourly. */
export const IDEMPOTENCY_PURGE_EVERY_MS = 60 * 60 * 1000;

/** The scheduled purge: answers older than 24 hours hold record values nobody may replay any more. */
export async function runIdempotencyPurge(db?: Database, now = new Date(), everyMs = IDEMPOTENCY_PURGE_EVERY_MS): Promise<JobOutcome<{ deleted: number }>> {
  const outcome = await runClaimedJob(
    IDEMPOTENCY_PURGE_JOB,
    everyMs,
    now,
    async () => {
      const before = new Date(now.getTime() - IDEMPOTENCY_KEEP_MS).toISOString();
      const tenants = await withSystem(async (tx) => (await tx.query<{ id: string }>('SELECT id FROM tenants ORDER BY id')).rows, db);
      let deleted = 0;
      for (const { id } of tenants) {
        deleted += await withSystem(async (tx) => {
          // A tenant table under FORCE ROW LEVEL SECURITY: name the tenant.
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
          return (await tx.query('DELETE FROM api_idempotency WHERE tenant_id = $1 AND created_at < $2', [id, before])).rowCount ?? 0;
        }, db);
      }
      return { deleted };
    },
    db,
  );
  if (outcome.status === 'failed') logger().error({ job: IDEMPOTENCY_PURGE_JOB, error: outcome.error }, 'idempotency purge failed');
  return outcome;
}
