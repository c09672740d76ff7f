'use client';

import { useMemo } from 'react';
import { PageHeader } from '@/components/shell/page-header';
import { Link } from '@/components/ui/link';
import { NewActionLink } from '@/components/ui/new-action';
import { ActivityTimeline } from '@/components/records/activity-timeline';
import { formatMoney } from '@/components/records/format';
import { recordHref } from '@/components/records/record-names';
import { RelatedList } from '@/components/records/related-list';
import { Section } from '@/components/records/section';
import { useMyUserId, useRecords } from '@/components/records/use-records';
import { dueByEndOfToday, todayQueries, visitsOn } from './task-filters';
import { TaskList } from './task-list';

/** How many recently changed deals Today shows. */
const RECENT_DEALS = 5;

export function TodayScreen() {
  const me = useMyUserId();
  const now = useMemo(() => new Date(), []);
  const queries = useMemo(() => todayQueries(now, me, RECENT_DEALS), [now, me]);
  const dueTasks = useRecords('activities', queries.due);
  const visitActivities = useRecords('activities', queries.visits);
  const recent = useRecords('deals', queries.deals);
  const due = useMemo(() => (dueTasks ? dueByEndOfToday(dueTasks, now, me) : undefined), [dueTasks, now, me]);
  const visits = useMemo(() => (visitActivities ? visitsOn(visitActivities, now, me) : undefined), [visitActivities, now, me]);
  return (
    <>
      <PageHeader
        title="Today"
        compactOnPhone
        description="Your visits and tasks today, then what is overdue and recently touched deals."
        actions={
          <div className="flex flex-wrap gap-2">
            <NewActionLink href={recordHref.editContact(null)}>New contact</NewActionLink>
            <Link href="/activities">All tasks</Link>
          </div>
        }
      />
      <Section id="visits-heading" title="Today's visits">
        <ActivityTimeline activities={visits} headingId="visits-heading" empty="No visits today. Log one from a contact or company page." />
      </Section>
      <Section id="due-heading" title="Due today">
        <TaskList tasks={due?.today} labelledBy="due-heading" empty="Nothing due today. Plan a task from any contact, company or deal (Add a task)." />
      </Section>
      <Section id="overdue-heading" title={due && due.overdue.length > 0 ? `Overdue (${due.overdue.length})` : 'Overdue'}>
        <TaskList tasks={due?.overdue} labelledBy="overdue-heading" empty="Nothing overdue. Well done." />
      </Section>
      <Section id="deals-heading" title="Recently touched deals">
        <RelatedList
          labelledBy="deals-heading"
          empty="No deals changed lately. New and moved deals show here; the Deals tab has them all."
          items={recent?.map((d) => ({ id: d.id, href: recordHref.deal(d.id), title: d.name, detail: `${formatMoney(d.amountCents, d.currency)} · ${d.status}` }))}
        />
      </Section>
    </>
  );
}
