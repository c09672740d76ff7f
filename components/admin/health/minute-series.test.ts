import { describe, expect, it } from 'vitest';
import type { QueueMinute } from '@/lib/observability/queue-depth';
import type { TenantMinute } from '@/lib/observability/tenant-traffic';
import { countSummary, latencyCell, latencySpec, latencySummary, queueSpec, queueSummary, REQUEST_SERIES, trafficSpec } from './minute-series';

function minute(hhmm: string, figures: Partial<TenantMinute> = {}): TenantMinute {
  return {
    at: `2026-11-22T${hhmm}:00.000Z`,
    requests: 0,
    clientErrors: 0,
    serverErrors: 0,
    syncErrors: 0,
    rateLimited: 0,
    ipBlocked: 0,
    syncPushed: 0,
    syncPulled: 0,
    syncConflicts: 0,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    ...figures,
  };
}

const points = [
  minute('06:56', { requests: 10, p50Ms: 5, p95Ms: 50, p99Ms: 100 }),
  minute('06:57', { requests: 0 }),
  minute('06:58', { requests: 12, p50Ms: 10, p95Ms: null, p99Ms: null }),
  minute('06:59', { requests: 4, p50Ms: 5, p95Ms: 25, p99Ms: 25 }),
];

describe('health chart figures', () => {
  it('labels minutes in UTC and keeps only the charted fields', () => {
    const spec = trafficSpec(points, REQUEST_SERIES, 'bars');
    expect(spec.rows.map((r) => [r.label, r.requests])).toEqual([
      ['06:56', 10],
      ['06:57', 0],
      ['06:58', 12],
      ['06:59', 4],
    ]);
    expect(spec.rows[0]).not.toHaveProperty('p50Ms');
    expect(countSummary(spec.rows, REQUEST_SERIES)).toBe('Requests: last minute 4, peak 12 at 06:58 UTC. Over 4 minutes.');
    expect(countSummary([], REQUEST_SERIES)).toBe('No complete minute yet.');
  });

  it('charts percentiles with gaps, and writes them as bounds', () => {
    expect(latencySpec(points).rows.map((r) => r.p95Ms)).toEqual([50, null, null, 25]);
    expect(latencyCell(25, 4)).toBe('≤ 25 ms');
    expect(latencyCell(null, 12)).toBe('over 5,000 ms');
    expect(latencyCell(null, 0)).toBe('—');
    // 06:58's 95th percentile lies past the last bound: the slowest minute.
    expect(latencySummary(points)).toBe('95th percentile: ≤ 25 ms in the last minute; slowest over 5,000 ms at 06:58 UTC.');
    expect(latencySummary([minute('06:59')])).toBe('No requests in this span, so no latency to show.');
  });

  it('charts and sums up the queue per minute', () => {
    const minutes: QueueMinute[] = [
      { at: '2026-11-22T06:58:00.000Z', runJobs: 3, triggerJobs: 0 },
      { at: '2026-11-22T06:59:00.000Z', runJobs: 1, triggerJobs: 0 },
    ];
    expect(queueSpec(minutes).rows).toEqual([
      { at: minutes[0]!.at, label: '06:58', runJobs: 3, triggerJobs: 0 },
      { at: minutes[1]!.at, label: '06:59', runJobs: 1, triggerJobs: 0 },
    ]);
    expect(queueSummary(minutes)).toBe('Workflow run jobs waiting: 1 now, most 3 at 06:58 UTC; Trigger batches waiting: 0 now, none in the last hour.');
  });
});
