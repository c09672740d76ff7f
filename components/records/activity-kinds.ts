// Shared with the browser: activity kinds in words, and how a deal's stage history is kept.
import type { Activity } from './record-types';

export const KIND_LABEL: Record<Activity['kind'], string> = { call: 'Call', visit: 'Visit', note: 'Note', task: 'Task' };

/**
 * A deal's stage history is a series of note activities written when the deal moves, with
 * this prefix in the subject. Notes sync, merge and work offline like any record, so the
 * history needs no new collection or column; the subject stays readable everywhere else.
 */
export const STAGE_CHANGE_PREFIX = 'Stage changed: ';

export function isStageChange(a: Pick<Activity, 'kind' | 'subject'>): boolean {
  return a.kind === 'note' && a.subject.startsWith(STAGE_CHANGE_PREFIX);
}

/** When an activity happened or is due, for ordering timelines (newest first). */
export function activityTime(a: Pick<Activity, 'occurredAt' | 'dueAt' | 'createdAt'>): string {
  return a.occurredAt ?? a.dueAt ?? a.createdAt;
}

/** A task is overdue when it is not done and its due time has passed. */
export function isOverdue(a: Pick<Activity, 'kind' | 'done' | 'dueAt'>, now: Date): boolean {
  return a.kind === 'task' && !a.done && a.dueAt !== null && a.dueAt < now.toISOString();
}
