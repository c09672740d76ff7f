import type { ReactNode } from 'react';
import { KIND_LABEL, activityTime } from './activity-kinds';
import { formatDateTime, formatTotals } from './format';
import type { WorkSummary } from './highlights';
import { initialsOf } from './row-link';

export interface Highlight {
  label: string;
  value: ReactNode;
}

/**
 * The top of a record page: who or what it is (initials, name as the page's one h1, a line of
 * context), then the few figures people open it for, as large tiles a glance can read. The
 * full details follow further down; `actions` (Edit, Delete) sit beside the name.
 */
export function RecordHighlights({ title, subtitle, highlights, actions }: { title: string; subtitle?: ReactNode; highlights: readonly Highlight[]; actions?: ReactNode }) {
  return (
    <div className="mb-3 flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-center gap-3">
          <span aria-hidden="true" className="flex h-14 w-14 shrink-0 items-center justify-center rounded-full bg-selected text-lg font-bold text-text">
            {initialsOf(title)}
          </span>
          <div className="min-w-0">
            <h1 className="text-2xl font-bold [overflow-wrap:anywhere]">{title}</h1>
            {subtitle ? <p className="text-muted">{subtitle}</p> : null}
          </div>
        </div>
        {actions}
      </div>
      {highlights.length > 0 ? (
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {highlights.map((h) => (
            <div key={h.label} className="flex min-w-0 flex-col rounded-lg bg-surface px-3 py-2">
              <dt className="text-sm text-muted">{h.label}</dt>
              <dd className="font-semibold [overflow-wrap:anywhere]">{h.value ?? <span className="font-normal text-muted">None</span>}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}

/** "2 open · €12,000"; "None open". */
export function openDealsText({ count, amountByCurrency }: { count: number; amountByCurrency: Readonly<Record<string, number>> }): string {
  return count === 0 ? 'None open' : `${count} open · ${formatTotals(amountByCurrency)}`;
}

/** Last contact and next task, the two things a rep checks before a call or a visit ("…" while they load). */
export function workHighlights(work: WorkSummary | undefined): Highlight[] {
  if (!work) return [{ label: 'Last contact', value: '…' }, { label: 'Next task', value: '…' }];
  const { last, next, overdue } = work;
  return [
    { label: 'Last contact', value: last ? `${KIND_LABEL[last.kind]}, ${formatDateTime(activityTime(last))}` : null },
    {
      label: 'Next task',
      value: next ? (
        <>
          {next.subject}, due {formatDateTime(next.dueAt!)}
          {overdue > 0 ? <span className="block text-danger">{overdue} overdue</span> : null}
        </>
      ) : null,
    },
  ];
}
