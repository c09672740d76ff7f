import 'server-only';
import { quantileFromBuckets, type RouteStats } from './request-stats';

// Request figures per organization, for the /admin/health page of that organization. The
// Prometheus registry (/api/metrics, behind its own token) keeps the instance-wide figures; it
// has no tenant label on purpose (every tenant would multiply its series), so the per-tenant
// figures are counted here, in memory, per process, from the one session wrapper.
// Security: the health page of one organization must never show another's traffic, nor the
// instance's: a self-registered organization's owner is not the operator.

/** Latency bucket bounds (seconds), the same as the Prometheus histogram's. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, Infinity];
/** Organizations tracked per process; the least recently active is dropped past this. */
const MAX_TENANTS = 5_000;
/** Routes tracked per organization (route labels are already folded and capped). */
const MAX_ROUTES = 100;
/** Minutes of per-minute figures kept. */
const MINUTES = 60;

export interface TenantTotals {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  /** Answers of the sync routes with a 4xx or 5xx status. */
  syncErrors: number;
  /** Answers refused by the organization's or user's rate limit (429). */
  rateLimited: number;
  /** Requests refused by the organization's IP allowlist. */
  ipBlocked: number;
  /** Documents the organization's devices pushed (every row of accepted push batches). */
  syncPushed: number;
  /** Documents served to the organization's devices by pulls. */
  syncPulled: number;
  /** Pushed rows answered with the server's document (a conflict). */
  syncConflicts: number;
}

export interface TenantMinute extends TenantTotals {
  /** End of the minute, ISO time. */
  at: string;
  /**
   * Latency of the minute's requests: the upper bound (ms) of the histogram bucket holding the
   * median, 95th and 99th percentile. Null when the minute had no request, or when the
   * percentile lies past the last bound (over 5 s): `requests` tells the two apart.
   */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

interface RouteCounters {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  buckets: number[];
}

interface MinuteCounters {
  totals: TenantTotals;
  /** Requests per latency bucket, as in TenantCounters. */
  buckets: number[];
}

interface TenantCounters {
  since: number;
  totals: TenantTotals;
  buckets: number[];
  routes: Map<string, RouteCounters>;
  minutes: Map<number, MinuteCounters>;
}

const zero = (): TenantTotals => ({ requests: 0, clientErrors: 0, serverErrors: 0, syncErrors: 0, rateLimited: 0, ipBlocked: 0, syncPushed: 0, syncPulled: 0, syncConflicts: 0 });
// Kept on globalThis so a dev server's module reloads keep the figures; the key carries the
// shape's version, so a reload after a change of shape starts afresh instead of reading old maps.
const holder = globalThis as unknown as { __crmTenantTrafficV2?: Map<string, TenantCounters> };
const tenants = () => (holder.__crmTenantTrafficV2 ??= new Map());

function add(t: TenantTotals, status: number, route: string, ipBlocked: boolean): void {
  t.requests += 1;
  if (status >= 500) t.serverErrors += 1;
  else if (status >= 400) t.clientErrors += 1;
  if (status >= 400 && route.startsWith('/api/sync/')) t.syncErrors += 1;
  if (status === 429) t.rateLimited += 1;
  if (ipBlocked) t.ipBlocked += 1;
}

/** The counters of `tenantId`, made on first use; marks it the most recently active. */
function countersOf(tenantId: string, now: number): TenantCounters {
  const map = tenants();
  let c = map.get(tenantId);
  if (c) map.delete(tenantId); // re-inserted below: the Map's order is recency
  else c = { since: now, totals: zero(), buckets: BUCKETS.map(() => 0), routes: new Map(), minutes: new Map() };
  map.set(tenantId, c);
  if (map.size > MAX_TENANTS) map.delete(map.keys().next().value!);
  return c;
}

/** The per-minute figures of `minute`, dropping minutes older than the kept hour. */
function minuteOf(c: TenantCounters, now: number): MinuteCounters {
  const minute = Math.floor(now / 60_000);
  let m = c.minutes.get(minute);
  if (!m) {
    c.minutes.set(minute, (m = { totals: zero(), buckets: BUCKETS.map(() => 0) }));
    for (const k of c.minutes.keys()) if (k <= minute - MINUTES) c.minutes.delete(k);
  }
  return m;
}

/** Counts one answer given to a session of `tenantId`. */
export function observeTenantRequest(tenantId: string, route: string, status: number, seconds: number, ipBlocked = false, now = Date.now()): void {
  const c = countersOf(tenantId, now);
  const bucket = BUCKETS.findIndex((le) => seconds <= le);
  add(c.totals, status, route, ipBlocked);
  c.buckets[bucket]! += 1;
  let r = c.routes.get(route);
  if (!r && c.routes.size < MAX_ROUTES) c.routes.set(route, (r = { requests: 0, clientErrors: 0, serverErrors: 0, buckets: BUCKETS.map(() => 0) }));
  if (r) {
    r.requests += 1;
    if (status >= 500) r.serverErrors += 1;
    else if (status >= 400) r.clientErrors += 1;
    r.buckets[bucket]! += 1;
  }
  const m = minuteOf(c, now);
  add(m.totals, status, route, ipBlocked);
  m.buckets[bucket]! += 1;
}

/** Counts documents a session of `tenantId` pushed or pulled, and push conflicts. */
export function observeTenantSync(tenantId: string, figures: { pushed?: number; pulled?: number; conflicts?: number }, now = Date.now()): void {
  const c = countersOf(tenantId, now);
  for (const t of [c.totals, minuteOf(c, now).totals]) {
    t.syncPushed += figures.pushed ?? 0;
    t.syncPulled += figures.pulled ?? 0;
    t.syncConflicts += figures.conflicts ?? 0;
  }
}

/** Cumulative counts per bucket bound, as quantileFromBuckets reads them (bounds in seconds). */
function cumulative(counts: number[]): Map<number, number> {
  let n = 0;
  return new Map(BUCKETS.map((le, i) => [le, (n += counts[i]!)]));
}

/** This process's figures for one organization since it first saw a request of it. */
export function tenantTraffic(tenantId: string, limit = 15, now = Date.now()) {
  const c = tenants().get(tenantId);
  const routes: RouteStats[] = [...(c?.routes ?? new Map<string, RouteCounters>())]
    .map(([route, r]) => ({ route, requests: r.requests, clientErrors: r.clientErrors, serverErrors: r.serverErrors, p95Ms: quantileFromBuckets(cumulative(r.buckets), 0.95) }))
    .sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route))
    .slice(0, limit);
  const overall = cumulative(c?.buckets ?? BUCKETS.map(() => 0));
  const current = Math.floor(now / 60_000);
  // Completed minutes only, oldest first; quiet minutes are zeros, so the chart's time axis is even.
  const series: TenantMinute[] = [];
  if (c) {
    const first = Math.max(current - MINUTES + 1, Math.floor(c.since / 60_000));
    for (let m = first; m < current; m++) {
      const figures = c.minutes.get(m);
      const b = cumulative(figures?.buckets ?? BUCKETS.map(() => 0));
      series.push({
        at: new Date((m + 1) * 60_000).toISOString(),
        ...(figures?.totals ?? zero()),
        p50Ms: quantileFromBuckets(b, 0.5),
        p95Ms: quantileFromBuckets(b, 0.95),
        p99Ms: quantileFromBuckets(b, 0.99),
      });
    }
  }
  return {
    since: c ? new Date(c.since).toISOString() : null,
    totals: c ? { ...c.totals } : zero(),
    latency: { routes, p50Ms: quantileFromBuckets(overall, 0.5), p95Ms: quantileFromBuckets(overall, 0.95) },
    series,
  };
}
