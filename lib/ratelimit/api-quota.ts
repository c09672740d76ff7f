import 'server-only';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { env } from '../env';
import { AppError, ErrorCode } from '../http/app-error';
import { metrics } from '../observability/metrics';
import { limiter } from './limiter';

export type Plan = 'free' | 'standard' | 'enterprise';

/** Requests per minute per tenant, by plan. */
export const TENANT_QUOTAS: Record<Plan, number> = { free: 1200, standard: 6000, enterprise: 30000 };
const WINDOW_SECONDS = 60;

/** Who a request counts against: its address, then the user or API key and the organization. */
export interface QuotaIdentity {
  ip: string;
  userId?: string;
  /** An API v1 request: counted per key (not per the user who made the key). */
  apiKeyId?: string;
  tenantId?: string;
  plan?: Plan;
}

interface Counter {
  policy: string;
  points: number;
  key: string;
  name: string;
}

// Per IP for every API call; per user (or API key) and per tenant once signed in. Health and metrics
// endpoints are exempt: load balancers and Prometheus poll them from a few addresses.
function counters(id: QuotaIdentity): Counter[] {
  const { API_QUOTA_IP_PER_MINUTE, API_QUOTA_USER_PER_MINUTE, API_QUOTA_KEY_PER_MINUTE, API_QUOTA_TENANT_PER_MINUTE } = env();
  const list: Counter[] = [{ policy: 'ip', name: 'api-ip', points: API_QUOTA_IP_PER_MINUTE, key: id.ip }];
  if (id.apiKeyId) list.push({ policy: 'key', name: 'api-key', points: API_QUOTA_KEY_PER_MINUTE, key: id.apiKeyId });
  else if (id.userId) list.push({ policy: 'user', name: 'api-user', points: API_QUOTA_USER_PER_MINUTE, key: id.userId });
  if (id.tenantId) {
    const plan = id.plan ?? 'standard';
    list.push({ policy: `tenant-${plan}`, name: `api-tenant-${plan}`, points: API_QUOTA_TENANT_PER_MINUTE ?? TENANT_QUOTAS[plan], key: id.tenantId });
  }
  return list;
}

/**
 * Counts one API request against every quota that applies and returns the IETF RateLimit
 * headers (draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy` lists the quotas,
 * `RateLimit` reports the one closest to running out). Over a quota: a 429 AppError carrying
 * `Retry-After` and the same headers.
 */
export async function consumeApiQuota(
  id: QuotaIdentity,
  options: { skipIp?: boolean } = {},
): Promise<Record<string, string>> {
  const all = counters(id);
  // The IP was already counted before the session was known; report its policy, count it once.
  const list = options.skipIp && all.length > 1 ? all.slice(1) : all;
  const w = WINDOW_SECONDS;
  const policyHeader = all.map((c) => `"${c.policy}";q=${c.points};w=${w}`).join(', ');
  let tightest = { policy: list[0]!.policy, remaining: Infinity, reset: 0 };
  for (const c of list) {
    const l = await limiter({ name: c.name, points: c.points, windowSeconds: w, blockSeconds: 0 });
    try {
      const res = await l.consume(c.key);
      if (res.remainingPoints < tightest.remaining) {
        tightest = { policy: c.policy, remaining: res.remainingPoints, reset: Math.ceil(res.msBeforeNext / 1000) };
      }
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retry = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      metrics().rateLimited.inc({ limiter: c.name });
      throw new AppError(ErrorCode.RateLimited, `Too many requests (${c.policy} quota of ${c.points} per ${w} s). Retry in ${retry} s.`, undefined, {
        'Retry-After': String(retry),
        'RateLimit-Policy': policyHeader,
        RateLimit: `"${c.policy}";r=0;t=${retry}`,
      });
    }
  }
  return { 'RateLimit-Policy': policyHeader, RateLimit: `"${tightest.policy}";r=${tightest.remaining};t=${tightest.reset}` };
}
