import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex hmac-sha256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-crm-signature';
/** Same value on every retry of one step visit: receivers drop repeats by it. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Signs a webhook body; the timestamp lets receivers refuse old replays. */
export function signPayload(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * Checks a signature header (for receivers, and our tests). `toleranceSeconds` bounds how
 * old a signed request may be.
 */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, body, t).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  // Security: constant-time comparison so the MAC cannot be guessed byte by byte.
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface Delivery {
  url: string;
  body: string;
  secret: string;
  idempotencyKey: string;
  timeoutMs: number;
  nowSeconds: number;
}

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  error?: string;
  /** 4xx other than 408/429: the receiver refused the request, so retrying will not help. */
  permanent: boolean;
  durationMs: number;
}

/** POSTs a signed JSON body, bounded by the step timeout. Never throws. */
export async function deliverWebhook(d: Delivery, fetchImpl: typeof fetch = fetch): Promise<DeliveryResult> {
  const started = performance.now();
  try {
    const res = await fetchImpl(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signPayload(d.secret, d.body, d.nowSeconds),
        [IDEMPOTENCY_HEADER]: d.idempotencyKey,
        'user-agent': 'crm-ai-workflows/1',
      },
      body: d.body,
      signal: AbortSignal.timeout(d.timeoutMs),
      redirect: 'manual',
    });
    await res.body?.cancel().catch(() => undefined);
    const durationMs = Math.round(performance.now() - started);
    if (res.ok) return { ok: true, status: res.status, permanent: false, durationMs };
    const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    return { ok: false, status: res.status, error: `the receiver answered HTTP ${res.status}`, permanent, durationMs };
  } catch (err) {
    const durationMs = Math.round(performance.now() - started);
    const e = err as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { ok: false, error: timedOut ? `no answer within ${d.timeoutMs} ms (step timeout)` : `request failed: ${e.message}`, permanent: false, durationMs };
  }
}
