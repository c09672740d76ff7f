// Shared with the browser: which tasks a list shows, and in what order (pure, tested beside).
import { localDay } from '@/components/records/format';
import type { Activity } from '@/components/records/record-types';

/** Open tasks due by the end of the local day `now` falls in (overdue ones included), soonest first. */
export function dueByEndOfToday(activities: readonly Activity[], now: Date, ownerId: string | null): Activity[] {
  const { end } = dayBounds(now);
  return activities
    .filter((a) => a.kind === 'task' && !a.done && a.dueAt !== null && a.dueAt <= end && isMine(a, ownerId))
    .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
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

/** Tasks for the Activities screen: open ones soonest due first, done ones most recent first. */
export function tasksFor(activities: readonly Activity[], view: TaskView): Activity[] {
  const tasks = activities.filter((a) => a.kind === 'task' && (view === 'all' || (view === 'done') === a.done));
  return tasks.sort((a, b) => {
    if (a.done !== b.done) return a.done ? 1 : -1;
    const byDue = (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9');
    return a.done ? -byDue : byDue;
  });
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
