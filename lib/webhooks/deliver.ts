import 'server-only';
import type { Database } from '../db/types';
import { TargetRefusedError } from '../security/public-address';
import { guardedFetch, webhookAddressPolicy, type WebhookFetch } from '../workflows/webhook-delivery';
import { signedHeaders } from './sign-delivery';
import { signingSecrets, type SealedSecrets } from './webhook-secret';
import { DELIVERY_TIMEOUT_MS, retryDelayMs } from './webhook-settings';
import { deliverJobSchema, ownerTransaction, queueDelivery } from './webhook-queue';

export interface DeliverOptions {
  /**
   * The HTTP transport; default guardedFetch under the webhook address policy
   * (WEBHOOK_ALLOW_PRIVATE_TARGETS, lib/workflows/webhook-delivery.ts): the same SSRF guard as
   * the workflow builder's webhook step, checked on the address actually connected to.
   */
  fetch?: WebhookFetch;
  /** Attempt timeout (ms). */
  timeoutMs?: number;
}

/** The transport for outgoing webhooks: public internet addresses only, unless the environment allows private ones (tests, development). */
export function webhookTransport(allowPrivateTargets?: boolean): WebhookFetch {
  return guardedFetch(webhookAddressPolicy(allowPrivateTargets));
}

type DeliveryRow = SealedSecrets & {
  subscription_id: string;
  event_id: string;
  payload: unknown;
  status: string;
  attempts: number;
  url: string;
  active: boolean;
};

interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  /** Retrying cannot help (the target is refused). */
  permanent: boolean;
  durationMs: number;
}

/** One POST; never throws. Redirects are not followed: a signed body goes to the configured URL only. */
async function attempt(fetchImpl: WebhookFetch, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<AttemptResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const res = await fetchImpl(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null, permanent: false, durationMs: took() };
    return { ok: false, status: res.status, error: `the receiver answered HTTP ${res.status}`, permanent: false, durationMs: took() };
  } catch (err) {
    const e = err as Error;
    // Security: one message for every refused target, whatever listens there; nothing was sent.
    if (e instanceof TargetRefusedError) return { ok: false, status: null, error: e.message, permanent: true, durationMs: took() };
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { ok: false, status: null, error: timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${e.message}`, permanent: false, durationMs: took() };
  }
}

export type DeliverOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

/**
 * Works one delivery job: signs and POSTs the event (between two transactions: the request
 * leaves the database), then records the attempt and either marks the delivery delivered,
 * queues the next attempt after the backoff, or fails it for good (attempts used up, or a
 * refused target). A job for a delivery that is no longer pending does nothing.
 */
export async function deliverOnce(db: Database, data: unknown, options: DeliverOptions = {}): Promise<DeliverOutcome> {
  const job = deliverJobSchema.parse(data);
  const row = await ownerTransaction(db, job.tenantId, async (tx) => {
    const r = await tx.query<DeliveryRow>(
      `SELECT d.subscription_id, d.event_id, d.payload, d.status, d.attempts, s.url, s.active,
              s.secret_sealed, s.previous_secret_sealed, s.previous_secret_expires_at
       FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.tenant_id = d.tenant_id AND s.id = d.subscription_id
       WHERE d.tenant_id = $1 AND d.id = $2`,
      [job.tenantId, job.deliveryId],
    );
    return r.rows[0];
  });
  if (!row || row.status !== 'pending') return 'skipped';
  if (!row.active) {
    // Switched off after the event: nothing is sent; a redelivery once it is on again sends it.
    await ownerTransaction(db, job.tenantId, (tx) =>
      tx.query(
        `UPDATE webhook_deliveries SET status = 'failed', last_error = 'the subscription is switched off', next_attempt_at = NULL, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND status = 'pending'`,
        [job.tenantId, job.deliveryId],
      ),
    );
    return 'failed';
  }
  const now = new Date();
  const body = JSON.stringify(row.payload);
  const headers = signedHeaders(row.event_id, body, signingSecrets(row.subscription_id, row, now), now);
  const result = await attempt(options.fetch ?? webhookTransport(), row.url, headers, body, options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
  return ownerTransaction(db, job.tenantId, async (tx) => {
    const cur = await tx.query<{ status: string; attempts: number; attempt_limit: number }>(
      'SELECT status, attempts, attempt_limit FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [job.tenantId, job.deliveryId],
    );
    const d = cur.rows[0];
    if (!d) return 'skipped'; // deleted with its subscription meanwhile
    const n = d.attempts + 1;
    await tx.query(
      `INSERT INTO webhook_delivery_attempts (tenant_id, delivery_id, attempt, cause, response_status, error, duration_ms, attempted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [job.tenantId, job.deliveryId, n, job.cause ?? 'auto', result.status, result.error, result.durationMs, now],
    );
    // Another worker finished it meanwhile (a redelivered job): the attempt is logged, the state is theirs.
    const settled = d.status !== 'pending';
    const outcome: DeliverOutcome = result.ok ? 'delivered' : result.permanent || n >= d.attempt_limit ? 'failed' : 'retrying';
    const delayMs = retryDelayMs(n);
    await tx.query(
      `UPDATE webhook_deliveries SET attempts = $3, last_status = $4, last_error = $5, updated_at = now(),
         status = CASE WHEN $6 THEN status ELSE $7 END,
         delivered_at = CASE WHEN $7 = 'delivered' AND NOT $6 THEN now() ELSE delivered_at END,
         next_attempt_at = CASE WHEN $6 THEN next_attempt_at WHEN $7 = 'pending' THEN now() + make_interval(secs => $8::double precision / 1000) END
       WHERE tenant_id = $1 AND id = $2`,
      [job.tenantId, job.deliveryId, n, result.status, result.error, settled, outcome === 'retrying' ? 'pending' : outcome, delayMs],
    );
    if (settled) return 'skipped';
    if (outcome === 'retrying') await queueDelivery(tx, { tenantId: job.tenantId, deliveryId: job.deliveryId }, delayMs);
    return outcome;
  });
}
