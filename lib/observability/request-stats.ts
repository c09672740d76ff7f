import 'server-only';
import { metrics } from './metrics';

// Figures for the health page computed from this process's prom-client registry, so the
// page and Prometheus (/api/metrics) always agree.

type Labels = Record<string, string | number | undefined>;
interface Value {
  value: number;
  labels: Labels;
  metricName?: string;
}

export interface RouteStats {
  route: string;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  /** Upper bound of the histogram bucket holding the 95th percentile, in ms; null when unknown. */
  p95Ms: number | null;
}

export interface Totals {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  syncPushed: number;
  syncPulled: number;
  syncConflicts: number;
  /** Answers of the sync routes with a 4xx or 5xx status. */
  syncErrors: number;
  rateLimited: number;
  ipBlocked: number;
  workflowRunsFailed: number;
}

const sum = (values: Value[], pick: (v: Value) => boolean = () => true) => values.filter(pick).reduce((n, v) => n + v.value, 0);
const status = (v: Value) => Number(v.labels.status);
const isSync = (v: Value) => String(v.labels.route).startsWith('/api/sync/');

/** The process's counters since it started. */
export async function readTotals(): Promise<Totals> {
  const m = metrics();
  const [http, sync, conflicts, limited, blocked, failed] = await Promise.all([
    m.httpRequests.get(),
    m.syncDocuments.get(),
    m.syncConflicts.get(),
    m.rateLimited.get(),
    m.ipBlocked.get(),
    m.workflowRunsFailed.get(),
  ]);
  return {
    requests: sum(http.values),
    clientErrors: sum(http.values, (v) => status(v) >= 400 && status(v) < 500),
    serverErrors: sum(http.values, (v) => status(v) >= 500),
    syncPushed: sum(sync.values, (v) => v.labels.direction === 'push'),
    syncPulled: sum(sync.values, (v) => v.labels.direction === 'pull'),
    syncConflicts: sum(conflicts.values),
    syncErrors: sum(http.values, (v) => isSync(v) && status(v) >= 400),
    rateLimited: sum(limited.values),
    ipBlocked: sum(blocked.values),
    workflowRunsFailed: sum(failed.values),
  };
}

/** The bucket bound (ms) under which a fraction `q` of the observations fall. */
export function quantileFromBuckets(buckets: Map<number, number>, q: number): number | null {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Infinity) ?? 0;
  if (total === 0) return null;
  for (const le of bounds) if ((buckets.get(le) ?? 0) >= q * total) return le === Infinity ? null : Math.round(le * 1000);
  return null;
}

/** Latency and errors per route, busiest first, plus the overall p50 and p95. */
export async function readRouteStats(limit = 15): Promise<{ routes: RouteStats[]; p50Ms: number | null; p95Ms: number | null }> {
  const m = metrics();
  const [http, duration] = await Promise.all([m.httpRequests.get(), m.httpDuration.get()]);
  const perRoute = new Map<string, Map<number, number>>();
  const overall = new Map<number, number>();
  for (const v of duration.values as Value[]) {
    if (!v.metricName?.endsWith('_bucket')) continue;
    const le = v.labels.le === '+Inf' ? Infinity : Number(v.labels.le);
    const route = String(v.labels.route);
    const buckets = perRoute.get(route) ?? new Map<number, number>();
    buckets.set(le, (buckets.get(le) ?? 0) + v.value);
    perRoute.set(route, buckets);
    overall.set(le, (overall.get(le) ?? 0) + v.value);
  }
  const byRoute = new Map<string, RouteStats>();
  for (const v of http.values as Value[]) {
    const route = String(v.labels.route);
    const s = byRoute.get(route) ?? { route, requests: 0, clientErrors: 0, serverErrors: 0, p95Ms: null };
    s.requests += v.value;
    if (status(v) >= 500) s.serverErrors += v.value;
    else if (status(v) >= 400) s.clientErrors += v.value;
    byRoute.set(route, s);
  }
  for (const s of byRoute.values()) s.p95Ms = quantileFromBuckets(perRoute.get(s.route) ?? new Map(), 0.95);
  const routes = [...byRoute.values()].sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route)).slice(0, limit);
  return { routes, p50Ms: quantileFromBuckets(overall, 0.5), p95Ms: quantileFromBuckets(overall, 0.95) };
}
