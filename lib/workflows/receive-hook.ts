import 'server-only';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SessionContext } from '../auth/session-context';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { parseJson } from '../http/read-json';
import { limiter, tryConsume } from '../ratelimit/limiter';
import { setTenant, type WorkflowEngine } from './engine';
import { startRun } from './start-run';
import { isFresh, parseSignature, verifiedMac } from './webhook-delivery';

/** Largest incoming-webhook body, bytes (it is stored as the run's trigger input). */
export const HOOK_MAX_BYTES = 64 * 1024;
/** How old a signed request may be, seconds; older ones are refused as replays. */
export const HOOK_TOLERANCE_SECONDS = 300;

/** Signed deliveries one workflow accepts per minute (a runaway sender cannot flood the queue). */
export const HOOK_RUNS_PER_MINUTE = 600;

/** An incoming webhook's body: one JSON object (it becomes `trigger.input` of the run). */
export const hookBodySchema = z.record(z.string(), z.json());
export type HookBody = z.infer<typeof hookBodySchema>;

/** The public path of a workflow's incoming webhook. */
export function hookPath(workflowId: string): string {
  return `/api/hooks/workflows/${workflowId}`;
}

// Security: the context binds the ciphertext to this tenant and workflow; copied to another row it won't decrypt.
const context = (tenantId: string, workflowId: string) => `workflow-hook:${tenantId}:${workflowId}`;

/**
 * Makes a new signing secret for a workflow's incoming webhook, replacing any previous one,
 * and returns it: the only time the plaintext leaves the server (it is sealed at rest).
 */
export async function rotateHookSecret(ctx: SessionContext, workflowId: string, db?: Database): Promise<{ secret: string; path: string }> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const sealed = encryptSecret(secret, context(ctx.tenantId, workflowId));
  const n = await withTenant(ctx.tenantId, async (tx) => (await tx.query('UPDATE workflows SET webhook_secret_sealed = $2, updated_at = now() WHERE id = $1', [workflowId, sealed])).rowCount, db);
  if (n === 0) throw new AppError(ErrorCode.NotFound, 'No such workflow');
  return { secret, path: hookPath(workflowId) };
}

const notFound = () => new AppError(ErrorCode.NotFound, 'No such webhook');

/**
 * Handles one incoming-webhook delivery: finds the workflow's tenant (never from the
 * request), checks the HMAC signature (`x-crm-signature: t=<unix s>,v1=<64 lowercase hex
 * sha256 of "<t>.<body>">`, the only accepted spelling) within the replay window, and starts a
 * run of the published version with the body as its input. `body` is the raw text, or a
 * function that reads it: it is called only once the workflow, its secret and a well-formed,
 * fresh signature header are known, so an unknown id or unsigned request never costs a body read.
 * The same signed request twice starts one run (the key is the MAC we computed).
 * 404 unknown, unpublished, turned off, not a webhook trigger or no secret yet; 401 bad or
 * stale signature; 400/413/415/422 bad body; 409 a replay; 429 over `perMinute` signed
 * deliveries (unsigned floods are limited per IP by the route, so they cannot use up a sender's quota).
 */
export async function receiveHook(
  engine: WorkflowEngine,
  workflowId: string,
  body: string | (() => Promise<string>),
  signature: string | null,
  perMinute = HOOK_RUNS_PER_MINUTE,
): Promise<{ runId: string }> {
  const target = await engine.db.transaction(async (tx) => {
    // Security: the tenant comes from the workflow id's own row (an engine-only table),
    // read by the engine's role; the request has no say in it.
    const route = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM workflow_hook_routes WHERE workflow_id = $1', [workflowId]);
    const tenantId = route.rows[0]?.tenant_id;
    if (!tenantId) return undefined;
    await setTenant(tx, tenantId);
    const w = await tx.query<{ sealed: string | null; trigger_type: string | null; enabled: boolean }>(
      `SELECT w.webhook_secret_sealed AS sealed, v.trigger_type, w.enabled FROM workflows w
       LEFT JOIN workflow_versions v ON v.tenant_id = w.tenant_id AND v.workflow_id = w.id AND v.version = w.published_version
       WHERE w.tenant_id = $1 AND w.id = $2`,
      [tenantId, workflowId],
    );
    const row = w.rows[0];
    if (!row?.sealed || row.trigger_type !== 'webhook' || !row.enabled) return undefined;
    return { tenantId, sealed: row.sealed };
  });
  if (!target) throw notFound();
  const nowSeconds = Math.floor(engine.clock.now().getTime() / 1000);
  const badSignature = () =>
    new AppError(ErrorCode.Unauthenticated, `Missing, wrong or expired signature (x-crm-signature: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256 of "<t>.<body>">; at most ${HOOK_TOLERANCE_SECONDS} s old).`);
  // Security: a missing, malformed or stale header is refused before the body is read.
  const parsed = parseSignature(signature);
  if (!parsed || !isFresh(parsed, nowSeconds, HOOK_TOLERANCE_SECONDS)) throw badSignature();
  const rawBody = typeof body === 'string' ? body : await body();
  const secret = decryptSecret(target.sealed, context(target.tenantId, workflowId));
  const mac = verifiedMac(secret, rawBody, signature, nowSeconds, HOOK_TOLERANCE_SECONDS);
  if (!mac) throw badSignature();
  const l = await limiter({ name: `hook-workflow-${perMinute}`, points: perMinute, windowSeconds: 60, blockSeconds: 0 });
  const retry = await tryConsume(l, workflowId);
  if (retry > 0) throw new AppError(ErrorCode.RateLimited, `Too many deliveries to this webhook (${perMinute} per minute). Retry in ${retry} s.`, undefined, { 'Retry-After': String(retry) });
  const input = parseJson(rawBody, hookBodySchema);
  // Security: the replay key is the MAC we computed over "<t>.<body>", not the header's text:
  // one signed request has exactly one key however it is spelled, and a replay inside the
  // window meets the run it already started (older ones fail the timestamp check above).
  const runId = await startRun(engine, { tenantId: target.tenantId }, workflowId, { input }, `hook:${mac}`, 'webhook').catch((err: unknown) => {
    if (err instanceof AppError && err.code === ErrorCode.Conflict && /already started/.test(err.message)) {
      throw new AppError(ErrorCode.Conflict, 'This delivery was already received.');
    }
    throw err;
  });
  return { runId };
}
