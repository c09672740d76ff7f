'use client';

import { useMemo, useState, type DragEvent } from 'react';
import { PageHeader } from '@/components/shell/page-header';
import { Link } from '@/components/ui/link';
import { Select } from '@/components/ui/select';
import { Tabs } from '@/components/ui/tabs';
import { showToast } from '@/components/ui/toast-store';
import { formatDay, formatMoney } from '@/components/records/format';
import { recordHref } from '@/components/records/record-names';
import type { Deal, Pipeline } from '@/components/records/record-types';
import { RelatedList } from '@/components/records/related-list';
import { RowLink } from '@/components/records/row-link';
import { useShowMore } from '@/components/records/show-more';
import { useRecords } from '@/components/records/use-records';
import { useSyncDb } from '@/components/records/use-sync-db';
import { moveDealToStage } from './move-deal';
import { formatTotals, stageTotals } from './deal-stages';
import { MoveToStageMenu } from './move-to-stage-menu';
import { usePipelines } from './use-pipelines';

export function DealBoardScreen() {
  const pipelines = usePipelines();
  const deals = useRecords('deals');
  const [chosen, setChosen] = useState<string | null>(null);
  const pipeline = pipelines?.find((p) => p.id === chosen) ?? pipelines?.[0];
  const inPipeline = useMemo(() => (deals && pipeline ? deals.filter((d) => d.pipelineId === pipeline.id) : undefined), [deals, pipeline]);

  return (
    <>
      <PageHeader title="Deals" description="Your pipeline by stage, with totals." actions={<Link href={recordHref.editDeal(null)}>New deal</Link>} />
      {!pipelines || !inPipeline ? <p role="status" data-loading="">Loading deals from this device…</p> : null}
      {pipelines && pipelines.length === 0 ? <p>No pipelines yet. An administrator sets them up.</p> : null}
      {pipelines && pipelines.length > 1 && pipeline ? (
        <Select className="mb-3 max-w-sm" label="Pipeline" options={pipelines.map((p) => ({ id: p.id, label: p.name }))} selectedKey={pipeline.id} onSelectionChange={(k) => setChosen(String(k))} />
      ) : null}
      {pipeline && inPipeline ? (
        <Tabs
          label="Deal views"
          tabs={[
            { id: 'board', label: 'Board', content: <Board pipeline={pipeline} deals={inPipeline} /> },
            { id: 'list', label: 'List', content: <DealList pipeline={pipeline} deals={inPipeline} /> },
          ]}
        />
      ) : null}
    </>
  );
}

/** The drag payload type: a deal id (drag is an extra; every move also has a menu). */
const DEAL_DRAG_TYPE = 'application/x-crm-deal';

function Board({ pipeline, deals }: { pipeline: Pipeline; deals: readonly Deal[] }) {
  const state = useSyncDb();
  const totals = useMemo(() => stageTotals(deals, pipeline.stages), [deals, pipeline]);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  function drop(stageId: string, e: DragEvent) {
    e.preventDefault();
    setDropTarget(null);
    const deal = deals.find((d) => d.id === e.dataTransfer.getData(DEAL_DRAG_TYPE));
    if (!deal || state.status !== 'ready') return;
    void moveDealToStage(state.handle.db, deal, pipeline, stageId, state.handle.userId).then((to) => {
      if (to) showToast(`Moved ${deal.name} to ${to}.`, 'success');
    });
  }

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">Use a deal’s “Move to stage” button, or drag its card onto another stage.</p>
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
      {totals.map(({ stage, deals: inStage, amountByCurrency }) => (
        <section
          key={stage.id}
          aria-labelledby={`stage-${stage.id}`}
          className={`flex flex-col gap-2 rounded-md border-2 bg-surface p-2 ${dropTarget === stage.id ? 'border-dashed border-focus' : 'border-border'}`}
          data-stage={stage.id}
          onDragOver={(e) => {
            if (!e.dataTransfer.types.includes(DEAL_DRAG_TYPE)) return;
            e.preventDefault();
            setDropTarget(stage.id);
          }}
          onDragLeave={() => setDropTarget((t) => (t === stage.id ? null : t))}
          onDrop={(e) => drop(stage.id, e)}
        >
          <h2 id={`stage-${stage.id}`} className="text-lg font-bold">
            {stage.name}
          </h2>
          <p className="text-sm" data-testid="stage-total">
            {inStage.length} {inStage.length === 1 ? 'deal' : 'deals'} · {formatTotals(amountByCurrency)} · {stage.probability}% likely
          </p>
          <StageCards deals={inStage} pipeline={pipeline} />
        </section>
      ))}
    </div>
    </div>
  );
}

/** Cards per stage before "Show more": keeps the board short to scroll and to Tab through. */
const CARDS_PER_STAGE = 5;

function StageCards({ deals, pipeline }: { deals: readonly Deal[]; pipeline: Pipeline }) {
  // Most recently changed first: a deal just moved shows at the top of its new stage.
  const sorted = useMemo(() => deals.slice().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)), [deals]);
  const { shown, more } = useShowMore(sorted, CARDS_PER_STAGE, 'deals');
  if (!shown?.length) return <p className="text-sm">No deals in this stage.</p>;
  return (
    <>
      <ul className="flex flex-col gap-2">
        {shown.map((d) => (
          <li
            key={d.id}
            data-deal-card={d.id}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(DEAL_DRAG_TYPE, d.id);
              e.dataTransfer.effectAllowed = 'move';
            }}
            className="flex flex-col gap-1 rounded-md border border-border bg-bg p-2"
          >
            <RowLink href={recordHref.deal(d.id)} title={d.name} detail={`${formatMoney(d.amountCents, d.currency)}${d.closeDate ? ` · closes ${formatDay(d.closeDate)}` : ''}`} />
            <MoveToStageMenu deal={d} pipeline={pipeline} />
          </li>
        ))}
      </ul>
      {more}
    </>
  );
}

function DealList({ pipeline, deals }: { pipeline: Pipeline; deals: readonly Deal[] }) {
  const stageName = new Map(pipeline.stages.map((s) => [s.id, s.name]));
  const sorted = deals.slice().sort((a, b) => (a.closeDate ?? '9').localeCompare(b.closeDate ?? '9') || a.name.localeCompare(b.name));
  return (
    <section aria-labelledby="deal-list-heading">
      <h2 id="deal-list-heading" className="sr-only">
        All deals by close date
      </h2>
      <RelatedList
        labelledBy="deal-list-heading"
        empty="No deals in this pipeline."
        items={sorted.map((d) => ({
          id: d.id,
          href: recordHref.deal(d.id),
          title: d.name,
          detail: `${stageName.get(d.stageId) ?? d.stageId} · ${formatMoney(d.amountCents, d.currency)}${d.closeDate ? ` · closes ${formatDay(d.closeDate)}` : ''}`,
        }))}
      />
    </section>
  );
}
