// Shared with the browser: the figures a record page leads with (pure, tested beside).
import { activityTime, isOverdue, isStageChange } from './activity-kinds';
import type { Activity, Deal } from './record-types';

export interface WorkSummary {
  /** The latest call, visit or note (or task done); stage moves are bookkeeping, not contact. */
  last: Activity | null;
  /** The open task due soonest (overdue ones first). */
  next: Activity | null;
  overdue: number;
}

/** What happened last with a record and what is planned next. */
export function workSummary(activities: readonly Activity[], now: Date): WorkSummary {
  let last: Activity | null = null;
  let next: Activity | null = null;
  let overdue = 0;
  for (const a of activities) {
    if (a.kind === 'task' && !a.done) {
      if (isOverdue(a, now)) overdue++;
      if (a.dueAt !== null && (next === null || a.dueAt < next.dueAt!)) next = a;
    } else if (!isStageChange(a) && (last === null || activityTime(a) > activityTime(last))) {
      last = a;
    }
  }
  return { last, next, overdue };
}

/** Open deals: how many, and their amounts per currency. */
export function openDeals(deals: readonly Deal[]): { count: number; amountByCurrency: Record<string, number> } {
  const amountByCurrency: Record<string, number> = {};
  let count = 0;
  for (const d of deals) {
    if (d.status !== 'open') continue;
    count++;
    amountByCurrency[d.currency] = (amountByCurrency[d.currency] ?? 0) + d.amountCents;
  }
  return { count, amountByCurrency };
}
