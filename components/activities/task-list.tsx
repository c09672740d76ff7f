'use client';

import { useEffect, useRef } from 'react';
import { Checkbox } from '@/components/ui/checkbox';
import { Link } from '@/components/ui/link';
import { showToast } from '@/components/ui/toast-store';
import { isOverdue } from '@/components/records/activity-kinds';
import { formatDateTime } from '@/components/records/format';
import type { Activity } from '@/components/records/record-types';
import { updateRecord } from '@/components/records/record-writes';
import { useShowMore } from '@/components/records/show-more';
import { useLinkedRecords } from '@/components/records/use-linked-records';
import { ownerName } from '@/components/records/owners';
import { useSyncDb } from '@/components/records/use-sync-db';
import { useViewer } from '@/components/records/use-viewer';
import { SkeletonRows } from '@/components/ui/skeleton';

const TASKS_PER_PAGE = 20;

/**
 * Tasks with a Done box each, whose each is and what it is about. Overdue is written out
 * ("Overdue") with a warning sign and a thick border, never by colour alone (WCAG 1.4.1).
 * Tasks in `justAdded` lead the list, marked, so a task just written is where its author looks.
 */
export function TaskList({
  tasks: all,
  labelledBy,
  empty,
  justAdded = [],
}: {
  tasks: readonly Activity[] | undefined;
  labelledBy: string;
  empty: string;
  justAdded?: readonly string[];
}) {
  const state = useSyncDb();
  const viewer = useViewer();
  const ordered = all && justAdded.length > 0 ? [...all.filter((t) => justAdded.includes(t.id)), ...all.filter((t) => !justAdded.includes(t.id))] : all;
  const { shown: tasks, more } = useShowMore(ordered, TASKS_PER_PAGE, 'tasks');
  const linked = useLinkedRecords(tasks);
  // The task just added is brought into view (the list leads with it; an offline banner or a
  // long header can still push it below a phone's first screen). Focus stays where it was.
  const list = useRef<HTMLUListElement>(null);
  const latest = justAdded[0];
  const latestShown = Boolean(latest && tasks?.some((t) => t.id === latest));
  useEffect(() => {
    if (latest && latestShown) list.current?.querySelector(`[data-task="${CSS.escape(latest)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [latest, latestShown]);
  if (!tasks) return <SkeletonRows label="Loading tasks…" rows={3} avatar={false} />;
  if (tasks.length === 0) return <p>{empty}</p>;
  const now = new Date();
  return (
    <>
      <ul ref={list} aria-labelledby={labelledBy} className="flex flex-col gap-1">
        {tasks.map((t) => {
          const overdue = isOverdue(t, now);
          const about = linked.get(t.id);
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
              <p className="pb-1.5 ps-9 text-sm">
                {justAdded.includes(t.id) ? <strong>Just added · </strong> : null}
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
                {viewer ? ` · Owner: ${ownerName(t.ownerId, viewer)}` : ''}
                {about ? (
                  <>
                    {' · For '}
                    <Link variant="inline" href={about.href}>
                      {about.name}
                    </Link>
                  </>
                ) : null}
              </p>
            </li>
          );
        })}
      </ul>
      {more}
    </>
  );
}
