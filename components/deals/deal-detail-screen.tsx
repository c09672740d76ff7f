'use client';

import { Link } from '@/components/ui/link';
import { Select } from '@/components/ui/select';
import { showToast } from '@/components/ui/toast-store';
import { isStageChange } from '@/components/records/activity-kinds';
import { ActivityTimeline } from '@/components/records/activity-timeline';
import { ConflictNotice } from '@/components/records/conflict-notice';
import { formatDateTime, formatDay, formatMoney } from '@/components/records/format';
import { workSummary } from '@/components/records/highlights';
import { QuickActions } from '@/components/records/quick-actions';
import { RecordHighlights, workHighlights } from '@/components/records/record-highlights';
import { RecordActions } from '@/components/records/record-actions';
import { contactName, recordHref } from '@/components/records/record-names';
import { DetailList, RecordLoading, RecordMissing } from '@/components/records/record-states';
import { Section } from '@/components/records/section';
import { useQueryId } from '@/components/records/use-query-id';
import { useRecord, useRecords } from '@/components/records/use-records';
import { useSyncDb } from '@/components/records/use-sync-db';
import { byWhom } from '@/components/records/owners';
import { useViewer } from '@/components/records/use-viewer';
import { moveDealToStage } from './move-deal';
import { usePipelines } from './use-pipelines';
import { SkeletonRows } from '@/components/ui/skeleton';

const STATUS_LABEL = { open: 'Open', won: 'Won', lost: 'Lost' } as const;

export function DealDetailScreen() {
  const id = useQueryId();
  const state = useSyncDb();
  const deal = useRecord('deals', id);
  const pipelines = usePipelines();
  const company = useRecord('companies', deal?.companyId ?? null);
  const contact = useRecord('contacts', deal?.contactId ?? null);
  const activities = useRecords('activities', { selector: { dealId: id ?? '' } });
  const viewer = useViewer();

  if (deal === undefined) return <RecordLoading title="Deal" />;
  if (deal === null || !id) return <RecordMissing title="Deal not found" listHref="/deals" listLabel="All deals" />;
  const pipeline = pipelines?.find((p) => p.id === deal.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === deal.stageId);
  const history = (activities ?? []).filter(isStageChange).sort((a, b) => (b.occurredAt ?? b.createdAt).localeCompare(a.occurredAt ?? a.createdAt));
  const others = activities?.filter((a) => !isStageChange(a));
  const work = activities ? workSummary(activities, new Date()) : undefined;

  return (
    <>
      <RecordHighlights
        title={deal.name}
        subtitle={[company?.name, contact ? contactName(contact) : null].filter(Boolean).join(' · ') || undefined}
        actions={<RecordActions collection="deals" record={deal} label={deal.name} editHref={recordHref.editDeal(id)} listHref="/deals" />}
        highlights={[
          { label: 'Amount', value: formatMoney(deal.amountCents, deal.currency) },
          { label: 'Stage', value: stage ? `${stage.name}, ${stage.probability}% likely` : deal.stageId },
          { label: 'Close date', value: deal.closeDate ? formatDay(deal.closeDate) : null },
          { label: 'Status', value: STATUS_LABEL[deal.status] },
          ...workHighlights(work),
        ]}
      />
      <ConflictNotice recordId={id} />
      {pipeline ? (
        <Select
          className="max-w-sm"
          label="Stage"
          description="Changing it moves the deal and records the move in its history."
          options={pipeline.stages.map((s) => ({ id: s.id, label: `${s.name} (${s.probability}%)` }))}
          selectedKey={deal.stageId}
          onSelectionChange={(k) => {
            if (state.status !== 'ready' || k == null) return;
            void moveDealToStage(state.handle.db, deal, pipeline, String(k), state.handle.userId).then((to) => {
              if (to) showToast(`Moved ${deal.name} to ${to}.`, 'success');
            });
          }}
        />
      ) : null}
      <QuickActions link={{ contactId: deal.contactId, companyId: deal.companyId, dealId: id }} about={deal.name} recordId={id} phone={contact?.phone} email={contact?.email} />
      <Section id="details-heading" title="Details">
        <DetailList
          items={[
            { label: 'Amount', value: formatMoney(deal.amountCents, deal.currency) },
            { label: 'Close date', value: deal.closeDate ? formatDay(deal.closeDate) : null },
            { label: 'Pipeline', value: pipeline?.name ?? null },
            { label: 'Stage', value: stage ? `${stage.name} (${stage.probability}% likely)` : deal.stageId },
            { label: 'Status', value: STATUS_LABEL[deal.status] },
            { label: 'Company', value: company ? <Link href={recordHref.company(company.id)}>{company.name}</Link> : null },
            { label: 'Contact', value: contact ? <Link href={recordHref.contact(contact.id)}>{contactName(contact)}</Link> : null },
          ]}
        />
      </Section>
      <Section id="history-heading" title="Stage history">
        {/* Until the deal's notes are read, a partial history would look complete: say it is loading. */}
        {activities === undefined ? (
          <SkeletonRows label="Loading stage history…" rows={2} avatar={false} />
        ) : (
          <ol aria-labelledby="history-heading" className="flex flex-col gap-1">
            {history.map((h) => (
              <li key={h.id}>
                <time dateTime={h.occurredAt ?? h.createdAt}>{formatDateTime(h.occurredAt ?? h.createdAt)}</time>: {h.subject.replace(/^Stage changed: /, '')}
                {viewer && byWhom(h.ownerId, viewer) ? ` (by ${byWhom(h.ownerId, viewer)})` : ''}
              </li>
            ))}
            <li>
              <time dateTime={deal.createdAt}>{formatDateTime(deal.createdAt)}</time>: deal created
            </li>
          </ol>
        )}
      </Section>
      <Section id="activity-heading" title="Activity">
        <ActivityTimeline activities={others} headingId="activity-heading" />
      </Section>
    </>
  );
}
