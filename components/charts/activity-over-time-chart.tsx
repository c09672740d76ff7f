'use client';

import { useId, useMemo } from 'react';
import type { Activity } from '@/components/records/record-types';
import { ChartFigure } from './chart-figure';
import { ChartTable } from './chart-table';
import { ACTIVITY_SERIES, activityByWeek, activitySummary } from './activity-weeks';

/**
 * Calls, visits, notes and tasks done per week over the last twelve weeks, stacked, with the
 * same counts in a table. `activities` must hold every kind the chart counts (done tasks too).
 */
export function ActivityOverTimeChart({ activities, title = 'Activity per week' }: { activities: readonly Activity[]; title?: string }) {
  const captionId = useId();
  const rows = useMemo(() => activityByWeek(activities, new Date()), [activities]);
  return (
    <ChartFigure title={title} summary={activitySummary(rows)} spec={{ kind: 'stacked-bars', rows, series: ACTIVITY_SERIES, unit: { kind: 'count' } }} empty="No weeks to show.">
      <ChartTable
        id={captionId}
        caption={`${title}, oldest week first`}
        head="Week of"
        columns={ACTIVITY_SERIES.map((s) => s.label)}
        rows={rows.map((r) => ({ key: r.weekStart, header: r.label, cells: [r.calls, r.visits, r.notes, r.tasksDone] }))}
      />
    </ChartFigure>
  );
}
