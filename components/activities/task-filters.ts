// Shared with the browser: which tasks a list shows, and in what order (pure, tested beside).
import { localDay } from '@/components/records/format';
import type { Activity } from '@/components/records/record-types';
import { ownerSelector } from '@/components/records/owners';

/** Open tasks due by the end of the local day of `now`: today's first, then the overdue ones (see orderTasks). */
export function dueByEndOfToday(activities: readonly Activity[], now: Date, ownerId: string | null): { today: Activity[]; overdue: Activity[] } {
  const { start, end } = dayBounds(now);
  const due = orderTasks(
    activities.filter((a) => a.kind === 'task' && !a.done && a.dueAt !== null && a.dueAt <= end && isMine(a, ownerId)),
    now,
  );
  return { today: due.filter((a) => a.dueAt! >= start), overdue: due.filter((a) => a.dueAt! < start) };
}

/** Visits that happened or are planned on the local day of `now`. */
export function visitsOn(activities: readonly Activity[], now: Date, ownerId: string | null): Activity[] {
  const today = localDay(now);
  return activities
    .filter((a) => a.kind === 'visit' && isMine(a, ownerId))
    .filter((a) => [a.occurredAt, a.dueAt].some((t) => t !== null && localDay(new Date(t)) === today))
    .sort((a, b) => (a.occurredAt ?? a.dueAt ?? '').localeCompare(b.occurredAt ?? b.dueAt ?? ''));
}

export type TaskView = 'open' | 'done' | 'all';

/** Tasks for the Activities screen, in the order of orderTasks. */
export function tasksFor(activities: readonly Activity[], view: TaskView, now: Date): Activity[] {
  return orderTasks(
    activities.filter((a) => a.kind === 'task' && (view === 'all' || (view === 'done') === a.done)),
    now,
  );
}

/**
 * The order a rep works in: open tasks due today (earliest first), then overdue ones, the most
 * recently due first (yesterday's call before last month's, which is likely stale), then
 * upcoming ones soonest first, then those without a date; done tasks last, latest first.
 */
export function orderTasks(tasks: readonly Activity[], now: Date): Activity[] {
  const { start, end } = dayBounds(now);
  const rank = (t: Activity) => (t.done ? 4 : t.dueAt === null ? 3 : t.dueAt < start ? 1 : t.dueAt <= end ? 0 : 2);
  return tasks
    .map((t) => ({ t, rank: rank(t) }))
    .sort((a, b) => {
      if (a.rank !== b.rank) return a.rank - b.rank;
      const byDue = (a.t.dueAt ?? '').localeCompare(b.t.dueAt ?? '');
      return (a.rank === 1 || a.rank === 4 ? -byDue : byDue) || a.t.id.localeCompare(b.t.id);
    })
    .map(({ t }) => t);
}

/** Records with no owner are shared; everything else belongs to its owner. */
function isMine(a: Pick<Activity, 'ownerId'>, ownerId: string | null): boolean {
  return ownerId === null || a.ownerId === null || a.ownerId === ownerId;
}

/** Local-day bounds of `now` as ISO strings (stored timestamps are ISO UTC, so they compare as text). */
function dayBounds(now: Date): { start: string; end: string } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return { start: start.toISOString(), end: end.toISOString() };
}

/**
 * The local-database queries behind Today. They narrow in the database what the filters above
 * then order exactly, so the screen never holds every activity and deal of the tenant (tens of
 * thousands during an initial sync, each batch re-rendering the screen). Same result as
 * running the filters over everything: tested against RxDB in task-filters.query.test.ts.
 */
export function todayQueries(now: Date, ownerId: string | null, recentDeals: number) {
  const { start, end } = dayBounds(now);
  const mine = ownerId === null ? {} : { $or: [{ ownerId }, { ownerId: null }] };
  return {
    due: { selector: { kind: 'task', done: false, dueAt: { $lte: end } } },
    visits: {
      selector: { kind: 'visit', $or: [{ occurredAt: { $gte: start, $lte: end } }, { dueAt: { $gte: start, $lte: end } }] },
    },
    deals: { selector: mine, sort: [{ updatedAt: 'desc' as const }], limit: recentDeals },
  };
}

/**
 * The local-database queries behind the Activities screen's lists: the chosen owners' tasks
 * (open or done ones only when the view says so), or their calls, visits and notes. Tested
 * against RxDB in task-filters.query.test.ts.
 */
export function activityQuery(side: 'tasks' | 'log', owners: (string | null)[] | null, view: TaskView = 'all') {
  if (side === 'log') return { selector: { kind: { $ne: 'task' }, ...ownerSelector(owners) } };
  return { selector: { kind: 'task', ...(view === 'all' ? {} : { done: view === 'done' }), ...ownerSelector(owners) } };
}
