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

// Security: exactly one accepted spelling of a signature: `t=<unix seconds, no leading zero>,v1=<64 lowercase hex>`,
// nothing before, between or after. Buffer.from(hex) ignores case and stops at the first
// non-hex character, so a lenient parser accepted `V1=ABC…`, trailing junk and odd lengths as
// the same MAC under a different spelling, and anything keyed on the spelling (the replay key)
// could be bypassed. Upper case, `sha256=` prefixes, spaces and base64 are refused.
const SIGNATURE_FORMAT = /^t=([1-9]\d{0,11}),v1=([0-9a-f]{64})$/;

/** A signature header split into its timestamp and MAC bytes, or null when it is not in the one accepted form. */
export function parseSignature(header: string | null): { t: number; mac: Buffer } | null {
  const m = header === null ? null : SIGNATURE_FORMAT.exec(header);
  if (!m) return null;
  return { t: Number(m[1]), mac: Buffer.from(m[2] as string, 'hex') };
}

/** True when the header's timestamp is within `toleranceSeconds` of now. */
export function isFresh(signature: { t: number }, nowSeconds: number, toleranceSeconds = 300): boolean {
  return Math.abs(nowSeconds - signature.t) <= toleranceSeconds;
}

/**
 * Verifies a signature header against the body and returns the MAC WE computed (lowercase
 * hex), or null when the header is malformed, stale or wrong. The returned value is a function
 * of the secret, timestamp and body only, never of how the sender spelled it, so it is the
 * replay key. `toleranceSeconds` bounds how old a signed request may be.
 */
export function verifiedMac(secret: string, body: string, header: string | null, nowSeconds: number, toleranceSeconds = 300): string | null {
  const sig = parseSignature(header);
  if (!sig || !isFresh(sig, nowSeconds, toleranceSeconds)) return null;
  const expected = createHmac('sha256', secret).update(`${sig.t}.${body}`).digest();
  // Security: constant-time over the decoded bytes (both 32 long: the format fixes the length).
  return timingSafeEqual(expected, sig.mac) ? expected.toString('hex') : null;
}

/** Checks a signature header (for receivers, and our tests). */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  return verifiedMac(secret, body, header, nowSeconds, toleranceSeconds) !== null;
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
