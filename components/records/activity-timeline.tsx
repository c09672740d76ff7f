'use client';

import { KIND_LABEL, activityTime, isOverdue } from './activity-kinds';
import { formatDateTime } from './format';
import { byWhom } from './owners';
import type { Activity } from './record-types';
import { useViewer } from './use-viewer';
import { SkeletonRows } from '@/components/ui/skeleton';

/** Calls, visits, notes and tasks of a record, newest first, each with whose it is. */
export function ActivityTimeline({
  activities,
  headingId,
  empty = 'No activity yet. Log a call, a visit or a note above.',
}: {
  activities: readonly Activity[] | undefined;
  headingId: string;
  empty?: string;
}) {
  const viewer = useViewer();
  if (!activities) return <SkeletonRows label="Loading activity…" rows={3} avatar={false} />;
  if (activities.length === 0) return <p>{empty}</p>;
  const now = new Date();
  const sorted = [...activities].sort((a, b) => activityTime(b).localeCompare(activityTime(a)));
  return (
    <ol aria-labelledby={headingId} className="flex flex-col gap-1">
      {sorted.map((a) => (
        <li key={a.id} className="rounded-md border border-border px-2 py-1.5">
          <p>
            <strong>{KIND_LABEL[a.kind]}:</strong> {a.subject}
          </p>
          <p className="text-sm text-muted">
            {a.kind === 'task' ? (a.done ? 'Done · due ' : 'Due ') : ''}
            <time dateTime={activityTime(a)}>{formatDateTime(activityTime(a))}</time>
            {isOverdue(a, now) ? <strong className="text-danger"> · Overdue</strong> : null}
            {viewer && byWhom(a.ownerId, viewer) ? ` · by ${byWhom(a.ownerId, viewer)}` : ''}
            {a.latitude !== null && a.longitude !== null ? ` · Location recorded (${a.latitude.toFixed(4)}, ${a.longitude.toFixed(4)})` : ''}
          </p>
          {a.body ? <p className="whitespace-pre-line">{a.body}</p> : null}
        </li>
      ))}
    </ol>
  );
}
