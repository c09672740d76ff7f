'use client';

import { useMemo, useState } from 'react';
import { PageHeader } from '@/components/shell/page-header';
import { Select } from '@/components/ui/select';
import { ActivityTimeline } from '@/components/records/activity-timeline';
import { Section } from '@/components/records/section';
import { useRecords } from '@/components/records/use-records';
import { NewTaskForm } from './new-task-form';
import { tasksFor, type TaskView } from './task-filters';
import { TaskList } from './task-list';

const VIEWS = [
  { id: 'open', label: 'Open tasks' },
  { id: 'done', label: 'Done tasks' },
  { id: 'all', label: 'All tasks' },
] as const;

/** How many calls, visits and notes the log shows (the timeline of each record has them all). */
const LOG_LIMIT = 50;

export function ActivitiesScreen() {
  const activities = useRecords('activities');
  const [view, setView] = useState<TaskView>('open');
  const tasks = useMemo(() => (activities ? tasksFor(activities, view) : undefined), [activities, view]);
  const log = useMemo(
    () =>
      activities
        ?.filter((a) => a.kind !== 'task')
        .sort((a, b) => (b.occurredAt ?? b.createdAt).localeCompare(a.occurredAt ?? a.createdAt))
        .slice(0, LOG_LIMIT),
    [activities],
  );
  return (
    <>
      <PageHeader title="Activities" description="Tasks with due dates, and the latest calls, visits and notes." />
      <Section id="new-task-heading" title="New task">
        <NewTaskForm />
      </Section>
      <Section id="tasks-heading" title="Tasks">
        <Select className="max-w-xs" label="Show" options={VIEWS} selectedKey={view} onSelectionChange={(k) => setView(String(k) as TaskView)} />
        <p role="status" className="font-semibold" data-loading={tasks ? undefined : ''}>
          {tasks ? `${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'}` : 'Loading tasks…'}
        </p>
        <TaskList tasks={tasks} labelledBy="tasks-heading" empty="No tasks here." />
      </Section>
      <Section id="log-heading" title="Latest calls, visits and notes">
        <ActivityTimeline activities={log} headingId="log-heading" empty="No calls, visits or notes yet." />
      </Section>
    </>
  );
}
