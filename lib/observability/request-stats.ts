import 'server-only';

// Shapes and maths of the health page's latency figures (counted per organization in
// tenant-traffic.ts); the instance-wide figures are Prometheus's, through /api/metrics.

export interface RouteStats {
  route: string;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  /** Upper bound of the histogram bucket holding the 95th percentile, in ms; null when unknown. */
  p95Ms: number | null;
}

/** The bucket bound (ms) under which a fraction `q` of the observations fall. */
export function quantileFromBuckets(buckets: Map<number, number>, q: number): number | null {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Infinity) ?? 0;
  if (total === 0) return null;
  for (const le of bounds) if ((buckets.get(le) ?? 0) >= q * total) return le === Infinity ? null : Math.round(le * 1000);
  return null;
}
