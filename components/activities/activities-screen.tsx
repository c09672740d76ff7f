'use client';

import { useMemo, useState } from 'react';
import { ActivityOverTimeChart } from '@/components/charts/activity-over-time-chart';
import { doneTasksQuery } from '@/components/charts/activity-weeks';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { Dialog, DialogTrigger } from '@/components/ui/dialog';
import { floatOnPhone, NewIcon } from '@/components/ui/new-action';
import { Select } from '@/components/ui/select';
import { SkeletonRows } from '@/components/ui/skeleton';
import { ActivityTimeline } from '@/components/records/activity-timeline';
import { ownersOf, whoseChoices, type Whose } from '@/components/records/owners';
import { Section } from '@/components/records/section';
import { useRecords } from '@/components/records/use-records';
import { useViewer } from '@/components/records/use-viewer';
import { NewTaskForm } from './new-task-form';
import { activityQuery, tasksFor, type TaskView } from './task-filters';
import { TaskList } from './task-list';

const VIEWS = [
  { id: 'open', label: 'Open tasks' },
  { id: 'done', label: 'Done tasks' },
  { id: 'all', label: 'All tasks' },
] as const;

/** How many calls, visits and notes the log shows (the timeline of each record has them all). */
const LOG_LIMIT = 50;

export function ActivitiesScreen() {
  const viewer = useViewer();
  const choices = viewer ? whoseChoices(viewer) : null;
  const [chosen, setWhose] = useState<Whose | null>(null);
  const whose = chosen ?? choices?.initial ?? 'mine';
  const owners = useMemo(() => (viewer ? ownersOf(whose, viewer) : undefined), [viewer, whose]);
  const [view, setView] = useState<TaskView>('open');
  // Nothing is read before the viewer is known: a manager's phone would otherwise load everyone's work first.
  const taskDocs = useRecords('activities', owners === undefined ? { selector: { id: '' } } : activityQuery('tasks', owners, view));
  const logDocs = useRecords('activities', owners === undefined ? { selector: { id: '' } } : activityQuery('log', owners));
  // The chart counts done tasks of the last weeks whatever the task list shows; the log above already holds the calls, visits and notes.
  const chartQuery = useMemo(() => (owners === undefined ? { selector: { id: '' } } : doneTasksQuery(owners, new Date())), [owners]);
  const doneDocs = useRecords('activities', chartQuery);
  const charted = useMemo(() => (logDocs && doneDocs ? [...logDocs, ...doneDocs] : undefined), [logDocs, doneDocs]);
  const [justAdded, setJustAdded] = useState<string[]>([]);
  const tasks = useMemo(() => (taskDocs && owners !== undefined ? tasksFor(taskDocs, view, new Date()) : undefined), [taskDocs, owners, view]);
  const log = useMemo(
    () => logDocs?.slice().sort((a, b) => (b.occurredAt ?? b.createdAt).localeCompare(a.occurredAt ?? a.createdAt)).slice(0, LOG_LIMIT),
    [logDocs],
  );
  const whoseNote = whose === 'mine' ? ' (yours and unassigned)' : whose === 'team' ? ' (your team’s and unassigned)' : '';
  return (
    <>
      <PageHeader
        title="Activities"
        description="Tasks with due dates, and the latest calls, visits and notes."
        // A dialog, not a form above the list: on a phone the tasks start on the first screen (and the button floats).
        actions={
          <DialogTrigger>
            <Button variant="primary" data-bottom-bar="" className={floatOnPhone}>
              <NewIcon />
              New task
            </Button>
            <Dialog title="New task" closeLabel="Close without adding">
              {(close) => (
                <NewTaskForm
                  onAdded={(id) => {
                    setJustAdded((ids) => [id, ...ids]);
                    close();
                  }}
                />
              )}
            </Dialog>
          </DialogTrigger>
        }
      />
      <Section id="tasks-heading" title="Tasks">
        <div className="flex flex-wrap gap-3">
          {choices && choices.choices.length > 0 ? (
            <Select className="max-w-xs" label="Whose" options={choices.choices} selectedKey={whose} onSelectionChange={(k) => setWhose(String(k) as Whose)} />
          ) : null}
          <Select className="max-w-xs" label="Show" options={VIEWS} selectedKey={view} onSelectionChange={(k) => setView(String(k) as TaskView)} />
        </div>
        <p role="status" className="font-semibold" data-loading={tasks ? undefined : ''}>
          {tasks ? `${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'}${whoseNote}` : 'Loading tasks…'}
        </p>
        <TaskList tasks={tasks} labelledBy="tasks-heading" empty="No tasks here." justAdded={justAdded} />
      </Section>
      <Section id="log-heading" title="Latest calls, visits and notes">
        <ActivityTimeline activities={log} headingId="log-heading" empty="No calls, visits or notes yet." />
      </Section>
      <Section id="chart-heading" title="Activity over the last 12 weeks">
        {charted ? (
          <ActivityOverTimeChart activities={charted} title={`Calls, visits, notes and tasks done per week${whoseNote}`} />
        ) : (
          <SkeletonRows label="Loading activity…" rows={3} avatar={false} />
        )}
      </Section>
    </>
  );
}
