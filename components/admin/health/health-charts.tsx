'use client';

// The health page's pictures: a server page cannot hold the lazily loaded plot itself, so
// these client components take the per-minute figures (plain data) and draw them.
import type { ReactNode } from 'react';
import { ChartFigure } from '@/components/charts/chart-figure';
import { ChartTable } from '@/components/charts/chart-table';
import type { QueueMinute } from '@/lib/observability/queue-depth';
import type { TenantMinute } from '@/lib/observability/tenant-traffic';
import {
  countSummary,
  latencyCell,
  latencySpec,
  latencySummary,
  minuteLabel,
  PROBLEM_SERIES,
  queueSpec,
  queueSummary,
  REQUEST_SERIES,
  SYNC_SERIES,
  trafficSpec,
} from './minute-series';

const NO_MINUTE = 'No complete minute yet: figures appear one minute after this server first answers your organization.';

/** Where a traffic chart's figures are: the per-minute table the three traffic charts share. */
function SeeTable({ tableId }: { tableId: string }) {
  return (
    <p className="text-sm">
      <a href={`#${tableId}`} className="inline-flex min-h-target items-center text-link underline">
        Figures per minute: the table below the charts
      </a>
    </p>
  );
}

/** One of the traffic charts (requests, sync documents, errors): counts per minute from the organization's series. */
export function TrafficChart({ title, points, show, tableId }: { title: string; points: readonly TenantMinute[]; show: 'requests' | 'sync' | 'problems'; tableId: string }) {
  const series = show === 'requests' ? REQUEST_SERIES : show === 'sync' ? SYNC_SERIES : PROBLEM_SERIES;
  const spec = trafficSpec(points, series, show === 'requests' ? 'bars' : 'lines');
  return (
    <ChartFigure title={title} summary={countSummary(spec.rows, series)} spec={spec} empty={NO_MINUTE}>
      {points.length > 0 ? <SeeTable tableId={tableId} /> : null}
    </ChartFigure>
  );
}

function newestFirst<T>(items: readonly T[]): T[] {
  return [...items].reverse();
}

/** Median, 95th and 99th percentile latency per minute, with its table. */
export function LatencyChart({ points, note }: { points: readonly TenantMinute[]; note?: ReactNode }) {
  return (
    <ChartFigure title="Latency per minute (median, 95th and 99th percentile)" summary={latencySummary(points)} spec={latencySpec(points)} empty={NO_MINUTE}>
      {note}
      {points.length > 0 ? (
        <ChartTable
          id="latency-caption"
          caption="Latency per minute, your organization on this server, newest first"
          head="Minute ending (UTC)"
          columns={['Requests', 'Median', '95th percentile', '99th percentile']}
          rows={newestFirst(points).map((p) => ({
            key: p.at,
            header: minuteLabel(p.at),
            cells: [p.requests, latencyCell(p.p50Ms, p.requests), latencyCell(p.p95Ms, p.requests), latencyCell(p.p99Ms, p.requests)],
          }))}
        />
      ) : null}
    </ChartFigure>
  );
}

/** Workflow jobs waiting for a worker per minute over the last hour, with its table. */
export function QueueDepthChart({ minutes }: { minutes: readonly QueueMinute[] }) {
  return (
    <ChartFigure title="Workflow queue depth per minute (jobs waiting for a worker)" summary={queueSummary(minutes)} spec={queueSpec(minutes)} empty="No figures yet.">
      <ChartTable
        id="queue-caption"
        caption="Jobs waiting at the end of each minute, your organization, newest first"
        head="Minute ending (UTC)"
        columns={['Workflow run jobs', 'Trigger batches']}
        rows={newestFirst(minutes).map((m) => ({ key: m.at, header: minuteLabel(m.at), cells: [m.runJobs, m.triggerJobs] }))}
      />
    </ChartFigure>
  );
}
