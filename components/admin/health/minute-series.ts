// Shared with the browser: the health page's per-minute figures shaped for its charts, with
// the sentence each chart says in words (pure, tested beside).
import type { ChartRow, ChartSeries, ChartSpec } from '@/components/charts/chart-spec';
import { formatValue, peakRow } from '@/components/charts/chart-spec';
import type { QueueMinute } from '@/lib/observability/queue-depth';
import type { TenantMinute } from '@/lib/observability/tenant-traffic';

/** "06:58": the minute's end, UTC (the page says UTC throughout). */
export function minuteLabel(at: string): string {
  return at.slice(11, 16);
}

type Row = ChartRow & { at: string };

function spec(kind: ChartSpec['kind'], rows: Row[], series: readonly ChartSeries[], unit: ChartSpec['unit'] = { kind: 'count' }): ChartSpec {
  return { kind, rows, series, unit };
}

/**
 * "Requests: last minute 4, peak 12 at 06:58 UTC." per series, then the span: what a count
 * chart shows, for its caption and its SVG's name.
 */
export function countSummary(rows: readonly ChartRow[], series: readonly ChartSeries[]): string {
  if (rows.length === 0) return 'No complete minute yet.';
  const parts = series.map((s) => {
    const last = rows.at(-1)![s.key] as number;
    const peak = peakRow(rows, s.key);
    return `${s.label}: last minute ${last}, ${peak ? `peak ${peak[s.key]} at ${peak.label} UTC` : 'none in this span'}`;
  });
  return `${parts.join('; ')}. Over ${rows.length} ${rows.length === 1 ? 'minute' : 'minutes'}.`;
}

export const REQUEST_SERIES: readonly ChartSeries[] = [{ key: 'requests', label: 'Requests' }];
export const SYNC_SERIES: readonly ChartSeries[] = [
  { key: 'syncPushed', label: 'Pushed' },
  { key: 'syncPulled', label: 'Pulled' },
];
export const PROBLEM_SERIES: readonly ChartSeries[] = [
  { key: 'serverErrors', label: 'Server errors (5xx)' },
  { key: 'syncErrors', label: 'Sync errors' },
  { key: 'rateLimited', label: 'Rate-limited' },
  { key: 'ipBlocked', label: 'IP refused' },
];
export const LATENCY_SERIES: readonly ChartSeries[] = [
  { key: 'p50Ms', label: 'Median' },
  { key: 'p95Ms', label: '95th percentile' },
  { key: 'p99Ms', label: '99th percentile' },
];
export const QUEUE_SERIES: readonly ChartSeries[] = [
  { key: 'runJobs', label: 'Workflow run jobs' },
  { key: 'triggerJobs', label: 'Trigger batches' },
];

/** A traffic chart's spec (requests, sync documents or problems) from the per-minute series. */
export function trafficSpec(points: readonly TenantMinute[], series: readonly ChartSeries[], kind: 'bars' | 'lines'): ChartSpec {
  return spec(
    kind,
    points.map((p) => ({ at: p.at, label: minuteLabel(p.at), ...Object.fromEntries(series.map((s) => [s.key, p[s.key as keyof TenantMinute]])) })),
    series,
  );
}

/** Percentiles per minute; a minute without requests, or past the last bucket, is a gap. */
export function latencySpec(points: readonly TenantMinute[]): ChartSpec {
  return spec(
    'lines',
    points.map((p) => ({ at: p.at, label: minuteLabel(p.at), p50Ms: p.p50Ms, p95Ms: p.p95Ms, p99Ms: p.p99Ms })),
    LATENCY_SERIES,
    { kind: 'ms' },
  );
}

/** A percentile as the table writes it: "≤ 25 ms", "over 5,000 ms" past the last bound, "—" for a minute without requests. */
export function latencyCell(ms: number | null, requests: number): string {
  if (requests === 0) return '—';
  return ms === null ? 'over 5,000 ms' : `≤ ${formatValue(ms, { kind: 'ms' })}`;
}

/** The latency chart in words: the 95th percentile of the last minute, and the slowest minute. */
export function latencySummary(points: readonly TenantMinute[]): string {
  const busy = points.filter((p) => p.requests > 0);
  if (busy.length === 0) return 'No requests in this span, so no latency to show.';
  const last = points.at(-1)!;
  // A null percentile of a minute with requests lies past the last bound: the slowest there is.
  const worst = busy.reduce((w, p) => ((p.p95Ms ?? Infinity) > (w.p95Ms ?? Infinity) ? p : w));
  return (
    `95th percentile: ${last.requests > 0 ? latencyCell(last.p95Ms, last.requests) : 'no requests'} in the last minute; ` +
    `slowest ${latencyCell(worst.p95Ms, worst.requests)} at ${minuteLabel(worst.at)} UTC.`
  );
}

/** The queue chart in words: waiting jobs now and at most, per queue. */
export function queueSummary(minutes: readonly QueueMinute[]): string {
  if (minutes.length === 0) return 'No figures yet.';
  const rows = minutes.map((m) => ({ label: minuteLabel(m.at), runJobs: m.runJobs, triggerJobs: m.triggerJobs }));
  const last = rows.at(-1)!;
  const parts = QUEUE_SERIES.map((s) => {
    const peak = peakRow(rows, s.key);
    return `${s.label} waiting: ${last[s.key as 'runJobs' | 'triggerJobs']} now, ${peak ? `most ${peak[s.key as 'runJobs' | 'triggerJobs']} at ${peak.label} UTC` : 'none in the last hour'}`;
  });
  return `${parts.join('; ')}.`;
}

/** Jobs waiting per minute. */
export function queueSpec(minutes: readonly QueueMinute[]): ChartSpec {
  return spec(
    'lines',
    minutes.map((m) => ({ at: m.at, label: minuteLabel(m.at), runJobs: m.runJobs, triggerJobs: m.triggerJobs })),
    QUEUE_SERIES,
  );
}
