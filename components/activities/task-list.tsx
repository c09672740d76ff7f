'use client';

import { Checkbox } from '@/components/ui/checkbox';
import { showToast } from '@/components/ui/toast-store';
import { isOverdue } from '@/components/records/activity-kinds';
import { formatDateTime } from '@/components/records/format';
import type { Activity } from '@/components/records/record-types';
import { updateRecord } from '@/components/records/record-writes';
import { useShowMore } from '@/components/records/show-more';
import { useSyncDb } from '@/components/records/use-sync-db';

const TASKS_PER_PAGE = 20;

/**
 * Tasks with a Done box each. Overdue is written out ("Overdue") with a warning sign and a
 * thick border, never by colour alone (WCAG 1.4.1).
 */
export function TaskList({ tasks: all, labelledBy, empty }: { tasks: readonly Activity[] | undefined; labelledBy: string; empty: string }) {
  const state = useSyncDb();
  const { shown: tasks, more } = useShowMore(all, TASKS_PER_PAGE, 'tasks');
  if (!tasks) return <p data-loading="">Loading tasks…</p>;
  if (tasks.length === 0) return <p>{empty}</p>;
  const now = new Date();
  return (
    <>
    <ul aria-labelledby={labelledBy} className="flex flex-col gap-2">
      {tasks.map((t) => {
        const overdue = isOverdue(t, now);
        return (
          <li key={t.id} data-task={t.id} data-overdue={overdue || undefined} className={`rounded-md border-border bg-bg px-2 ${overdue ? 'border-2 border-l-8 border-l-danger' : 'border'}`}>
            <Checkbox
              isSelected={t.done}
              isDisabled={state.status !== 'ready'}
              onChange={(done) => {
                if (state.status !== 'ready') return;
                // Someone else's task: the record rules refuse it here, and the reason is shown.
                void updateRecord(state.handle.db, 'activities', t.id, { done }).then(
                  () => showToast(`${done ? 'Done' : 'Not done'}: ${t.subject}.`, 'success'),
                  (err: Error) => showToast(err.message, 'error'),
                );
              }}
            >
              <span className={t.done ? 'line-through' : ''}>{t.subject}</span>
            </Checkbox>
            <p className="pb-2 ps-9 text-sm">
              {overdue ? (
                <strong className="text-danger">
                  <span aria-hidden="true">⚠ </span>Overdue ·{' '}
                </strong>
              ) : null}
              {t.dueAt ? (
                <>
                  Due <time dateTime={t.dueAt}>{formatDateTime(t.dueAt)}</time>
                </>
              ) : (
                'No due date'
              )}
              {t.done ? ' · done' : ''}
            </p>
          </li>
        );
      })}
    </ul>
    {more}
    </>
  );
}
