// Shared with the browser: calls, visits, notes and tasks done per week, for the activity chart
// (pure, tested beside). Weeks start on Monday in the device's time zone, as a rep's week does.
import { isStageChange } from '@/components/records/activity-kinds';
import { localDay } from '@/components/records/format';
import { ownerSelector } from '@/components/records/owners';
import type { Activity } from '@/components/records/record-types';
import type { ChartRow, ChartSeries } from './chart-spec';

export const ACTIVITY_WEEKS = 12;

export interface ActivityWeek extends ChartRow {
  /** Monday of the week, YYYY-MM-DD (local). */
  weekStart: string;
  /** "3 Mar": the axis label. */
  label: string;
  calls: number;
  visits: number;
  notes: number;
  tasksDone: number;
}

export const ACTIVITY_SERIES: readonly ChartSeries[] = [
  { key: 'calls', label: 'Calls' },
  { key: 'visits', label: 'Visits' },
  { key: 'notes', label: 'Notes' },
  { key: 'tasksDone', label: 'Tasks done' },
];

const weekLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });

/** Local midnight of the Monday of the week holding `date`. */
function mondayOf(date: Date): Date {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

/**
 * When an activity counts, and as what. Calls, visits and notes count when they happened.
 * A task counts when done, and a task keeps no completion time: its last change stands in
 * (ticking it done is usually that). The notes the board writes when a deal moves are the
 * board's record, not a rep's note, so they are left out.
 */
function counted(a: Activity): { key: 'calls' | 'visits' | 'notes' | 'tasksDone'; at: string } | null {
  switch (a.kind) {
    case 'call':
      return { key: 'calls', at: a.occurredAt ?? a.createdAt };
    case 'visit':
      return { key: 'visits', at: a.occurredAt ?? a.createdAt };
    case 'note':
      return isStageChange(a) ? null : { key: 'notes', at: a.occurredAt ?? a.createdAt };
    case 'task':
      return a.done ? { key: 'tasksDone', at: a.occurredAt ?? a.updatedAt } : null;
  }
}

/** The Mondays of the last `weeks` weeks up to the one holding `now`, oldest first. */
function weekStarts(now: Date, weeks: number): Date[] {
  const starts: Date[] = [];
  const current = mondayOf(now);
  for (let i = weeks - 1; i >= 0; i--) {
    const d = new Date(current);
    d.setDate(d.getDate() - 7 * i); // by calendar days, so a DST change keeps Mondays at midnight
    starts.push(d);
  }
  return starts;
}

/**
 * The local-database query for the done tasks the chart counts: the chosen owners' tasks done
 * and last changed within the charted weeks (the calls, visits and notes come with the log).
 */
export function doneTasksQuery(owners: (string | null)[] | null, now: Date, weeks = ACTIVITY_WEEKS) {
  return { selector: { kind: 'task', done: true, updatedAt: { $gte: weekStarts(now, weeks)[0]!.toISOString() }, ...ownerSelector(owners) } };
}

/** The last `weeks` weeks up to the one holding `now`, oldest first, with each kind's count. */
export function activityByWeek(activities: readonly Activity[], now: Date, weeks = ACTIVITY_WEEKS): ActivityWeek[] {
  const starts = weekStarts(now, weeks);
  const current = starts.at(-1)!;
  const end = new Date(current);
  end.setDate(end.getDate() + 7);
  const bounds = [...starts.map((d) => d.getTime()), end.getTime()];
  const rows: ActivityWeek[] = starts.map((d) => ({ weekStart: localDay(d), label: weekLabel.format(d), calls: 0, visits: 0, notes: 0, tasksDone: 0 }));
  for (const a of activities) {
    const c = counted(a);
    if (!c) continue;
    const t = Date.parse(c.at);
    if (!(t >= bounds[0]! && t < bounds.at(-1)!)) continue;
    let i = rows.length - 1;
    while (t < bounds[i]!) i--;
    rows[i]![c.key] += 1;
  }
  return rows;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the chart shows, in a sentence: totals of the period and the busiest week. */
export function activitySummary(rows: readonly ActivityWeek[]): string {
  const sum = (k: 'calls' | 'visits' | 'notes' | 'tasksDone') => rows.reduce((n, r) => n + r[k], 0);
  const all = (r: ActivityWeek) => r.calls + r.visits + r.notes + r.tasksDone;
  const busiest = rows.reduce<ActivityWeek | undefined>((best, r) => (all(r) > 0 && (!best || all(r) > all(best)) ? r : best), undefined);
  if (!busiest) return `Nothing logged in the last ${rows.length} weeks.`;
  return (
    `Over the last ${rows.length} weeks: ${plural(sum('calls'), 'call', 'calls')}, ${plural(sum('visits'), 'visit', 'visits')}, ` +
    `${plural(sum('notes'), 'note', 'notes')} and ${plural(sum('tasksDone'), 'task', 'tasks')} done. ` +
    `Busiest: the week of ${busiest.label}, with ${all(busiest)}.`
  );
}
