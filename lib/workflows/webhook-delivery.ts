import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { env } from '../env';
import { isAllowed } from '../security/ip-allowlist';
import { assertAllowedHost, guardedLookup, isPublicAddress, TargetRefusedError, type AddressPolicy, type Resolver } from '../security/public-address';

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

/**
 * Which addresses webhook steps and outgoing webhooks may reach: public internet addresses,
 * plus the internal ranges an on-premise operator named (`internalRanges`, default
 * WEBHOOK_PRIVATE_TARGET_CIDRS); everything when `allowPrivate` (default:
 * WEBHOOK_ALLOW_PRIVATE_TARGETS=1) is set for tests or development.
 * WEBHOOK_ALLOW_PRIVATE_TARGETS=1 in production is refused when the environment is parsed, at
 * boot (lib/env.ts); the check here covers code that passes `allowPrivate` explicitly.
 */
export function webhookAddressPolicy(allowPrivate = env().WEBHOOK_ALLOW_PRIVATE_TARGETS === '1', internalRanges: readonly string[] = env().WEBHOOK_PRIVATE_TARGET_CIDRS): AddressPolicy {
  if (allowPrivate) {
    if (env().NODE_ENV === 'production') throw new Error('private webhook targets are for tests and development only; they are refused when NODE_ENV=production');
    return () => true;
  }
  // On-premise: the operator's named internal ranges too (WEBHOOK_PRIVATE_TARGET_CIDRS), and
  // nothing else private. isAllowed is the tenants' allowlist matcher (an empty list would allow all).
  if (internalRanges.length === 0) return isPublicAddress;
  return (ip) => isPublicAddress(ip) || isAllowed(ip, internalRanges);
}

/**
 * Why a webhook URL can never be delivered under `allow`, judged from the URL alone (an IP
 * literal, or a localhost name), or null. Publishing refuses these early with the field named;
 * the check of the resolved address at delivery time stays the control (a name can resolve,
 * and later re-resolve, anywhere).
 */
export function obviousTargetProblem(url: string, allow: AddressPolicy): string | null {
  const u = parseUrl(url, 'http://invalid.invalid');
  if (!u) return 'not a valid URL';
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const local = host === 'localhost' || host.endsWith('.localhost');
  const refused = isIP(host) !== 0 ? !allow(host) : local && !allow('127.0.0.1');
  return refused ? `${u.hostname} is not a public internet address; webhooks can only reach the public internet` : null;
}

/** Redirects followed per delivery (same origin only); each hop's target is checked again before connecting. */
export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One HTTP exchange, fetch-compatible: the status and headers of the answer (never follows redirects). */
export type WebhookFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: 'manual' },
) => Promise<{ status: number; headers: Headers; body?: { cancel(): Promise<void> } | null }>;

/**
 * The transport for outgoing webhooks: one POST over node:http(s) whose connection may only go
 * to addresses `allow` accepts (default: public internet addresses). Names are resolved by a
 * guarded `lookup`, so the address checked is the address connected to; IP-literal hosts are
 * checked before the request starts. A refused target fails with TargetRefusedError before any
 * packet is sent to it.
 */
export function guardedFetch(allow: AddressPolicy = isPublicAddress, resolve?: Resolver): WebhookFetch {
  return (url, init) =>
    new Promise((done, fail) => {
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return fail(new Error(`unsupported protocol ${target.protocol}`));
      assertAllowedHost(target, allow);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      // agent: false, a fresh connection per request: a pooled socket could outlive the check
      // that admitted it. No proxy settings apply to node:http, so nothing reroutes the connection.
      const req = send(target, { method: init.method, headers: init.headers, signal: init.signal, agent: false, lookup: guardedLookup(allow, resolve) }, (res) => {
        const headers = new Headers();
        if (typeof res.headers.location === 'string') headers.set('location', res.headers.location);
        done({ status: res.statusCode ?? 0, headers });
        // The answer's body is never read: drop the connection instead of downloading it.
        res.destroy();
      });
      req.on('error', fail);
      req.end(init.body);
    });
}

function failure(error: string, permanent: boolean, started: number, status?: number): DeliveryResult {
  return { ok: false, status, error, permanent, durationMs: Math.round(performance.now() - started) };
}

/**
 * POSTs a signed JSON body, bounded by the step timeout (all hops together), following at
 * most MAX_REDIRECTS redirects with the same method, body and signature, to the same origin
 * only; each hop goes through `fetchImpl`, whose default refuses non-public targets (the
 * name is resolved and checked again on every hop). Never throws.
 */
export async function deliverWebhook(d: Delivery, fetchImpl: WebhookFetch = guardedFetch()): Promise<DeliveryResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(d.timeoutMs);
  const headers = {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: signPayload(d.secret, d.body, d.nowSeconds),
    [IDEMPOTENCY_HEADER]: d.idempotencyKey,
    'user-agent': 'crm-ai-workflows/1',
  };
  let url = d.url;
  const origin = parseUrl(d.url, 'http://invalid.invalid')?.origin;
  try {
    for (let hop = 0; ; hop++) {
      const res = await fetchImpl(url, { method: 'POST', headers, body: d.body, signal, redirect: 'manual' });
      await res.body?.cancel().catch(() => undefined);
      if (REDIRECTS.has(res.status)) {
        // A webhook is a POST of a signed body: every redirect re-sends it as it is (a 303's
        // "use GET" would drop the body the receiver asked for).
        const location = res.headers.get('location');
        if (hop === MAX_REDIRECTS) return failure(`more than ${MAX_REDIRECTS} redirects`, true, started, res.status);
        const next = location ? parseUrl(location, url) : null;
        if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
          return failure(`the receiver answered HTTP ${res.status} without a valid http(s) Location`, true, started, res.status);
        }
        // Security: the signed request (body, signature, idempotency key) is only re-sent to
        // the origin the admin configured. Another host would receive a request signed with
        // the tenant's secret, which it could replay to the real receiver.
        if (next.origin !== origin) {
          return failure(`the receiver redirected to another origin (${next.origin}); a signed webhook is only re-sent to the same scheme, host and port`, true, started, res.status);
        }
        url = next.toString();
        continue;
      }
      const durationMs = Math.round(performance.now() - started);
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, permanent: false, durationMs };
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      return failure(`the receiver answered HTTP ${res.status}`, permanent, started, res.status);
    }
  } catch (err) {
    const e = err as Error;
    // Security: a refused target is permanent (retries would only repeat the refusal) and has
    // one message, the same whether anything listens there or not; nothing was sent to it.
    if (e instanceof TargetRefusedError) return failure(hopName(url, d.url, e.message), true, started);
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return failure(timedOut ? `no answer within ${d.timeoutMs} ms (step timeout)` : `request failed: ${e.message}`, false, started);
  }
}

function parseUrl(text: string, base: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

function hopName(url: string, first: string, message: string): string {
  return url === first ? message : `a redirect led to a refused target: ${message}`;
}
