import { describe, expect, it } from 'vitest';
import { observeTenantRequest, observeTenantSync, tenantTraffic } from './tenant-traffic';

// A fixed clock: minute boundaries are what the series is about.
const T0 = Date.UTC(2026, 10, 22, 6, 0, 0);
const MIN = 60_000;

describe('per-minute series', () => {
  it('keeps each completed minute’s latency percentiles beside its counts', () => {
    const tenant = crypto.randomUUID();
    // Minute 0: 100 requests, 90 fast (≤ 5 ms), 9 at 80 ms (≤ 100 ms), 1 at 2 s (≤ 2500 ms).
    for (let i = 0; i < 90; i++) observeTenantRequest(tenant, '/api/x', 200, 0.003, false, T0 + 1_000);
    for (let i = 0; i < 9; i++) observeTenantRequest(tenant, '/api/x', 200, 0.08, false, T0 + 2_000);
    observeTenantRequest(tenant, '/api/x', 500, 2, false, T0 + 3_000);
    // Minute 2: one slow request past the last bound; minute 1 stays quiet.
    observeTenantRequest(tenant, '/api/x', 200, 7, false, T0 + 2 * MIN + 5_000);
    observeTenantSync(tenant, { pushed: 3 }, T0 + 2 * MIN + 6_000);

    const { series } = tenantTraffic(tenant, 15, T0 + 3 * MIN + 1);
    expect(series.map((m) => m.at)).toEqual([
      new Date(T0 + MIN).toISOString(),
      new Date(T0 + 2 * MIN).toISOString(),
      new Date(T0 + 3 * MIN).toISOString(),
    ]);
    expect(series[0]).toMatchObject({ requests: 100, serverErrors: 1, p50Ms: 5, p95Ms: 100, p99Ms: 100 });
    expect(series[1]).toMatchObject({ requests: 0, p50Ms: null, p95Ms: null, p99Ms: null });
    // Past 5 s is no bound: null, told apart from a quiet minute by its request count.
    expect(series[2]).toMatchObject({ requests: 1, syncPushed: 3, p50Ms: null, p99Ms: null });
  });

  it('leaves out the current minute and anything older than the kept hour', () => {
    const tenant = crypto.randomUUID();
    observeTenantRequest(tenant, '/api/x', 200, 0.01, false, T0);
    observeTenantRequest(tenant, '/api/x', 200, 0.01, false, T0 + 90 * MIN);
    const { series } = tenantTraffic(tenant, 15, T0 + 90 * MIN + 10_000);
    expect(series).toHaveLength(59); // the kept hour less the minute still running
    expect(series.every((m) => m.requests === 0)).toBe(true);
    expect(series.at(-1)!.at).toBe(new Date(T0 + 90 * MIN).toISOString());
  });
});
