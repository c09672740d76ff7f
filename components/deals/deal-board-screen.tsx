'use client';

import { Ellipsis, HandCoins, KanbanSquare } from 'lucide-react';
import { useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Tab, TabList, TabPanel, Tabs as AriaTabs } from 'react-aria-components';
import { PipelineValueChart } from '@/components/charts/pipeline-value-chart';
import { PageHeader } from '@/components/shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { NewActionLink } from '@/components/ui/new-action';
import { Select } from '@/components/ui/select';
import { SkeletonRows } from '@/components/ui/skeleton';
import { focusRing, target } from '@/components/ui/styles';
import { Tabs } from '@/components/ui/tabs';
import { useMediaQuery } from '@/components/ui/use-media-query';
import { showToast } from '@/components/ui/toast-store';
import { formatDay, formatMoney, formatTotals } from '@/components/records/format';
import { recordHref } from '@/components/records/record-names';
import type { Deal, Pipeline } from '@/components/records/record-types';
import { RelatedList } from '@/components/records/related-list';
import { RowLink } from '@/components/records/row-link';
import { useShowMore } from '@/components/records/show-more';
import { useRecords } from '@/components/records/use-records';
import { useFirstSyncRunning } from '@/components/records/use-first-sync';
import { useSyncDb } from '@/components/records/use-sync-db';
import { useViewer } from '@/components/records/use-viewer';
import { dealSearchTexts, findDeals, NO_DEAL_FILTERS, type DealFilters } from './deal-filters';
import { DealFinder } from './deal-finder';
import { moveDealToStage } from './move-deal';
import { stageTotals, type StageTotal } from './deal-stages';
import { MoveToStageMenu } from './move-to-stage-menu';
import { usePipelines } from './use-pipelines';

export function DealBoardScreen() {
  const pipelines = usePipelines();
  const deals = useRecords('deals');
  const viewer = useViewer();
  const firstSync = useFirstSyncRunning();
  const [chosen, setChosen] = useState<string | null>(null);
  const [filters, setFilters] = useState<DealFilters>(NO_DEAL_FILTERS);
  const pipeline = pipelines?.find((p) => p.id === chosen) ?? pipelines?.[0];
  const inPipeline = useMemo(() => (deals && pipeline ? deals.filter((d) => d.pipelineId === pipeline.id) : undefined), [deals, pipeline]);
  const searching = filters.query.trim() !== '';
  const companyNames = useCompanyNames(inPipeline, searching);
  // Made once per set of deals (and company names), not on every keystroke.
  const texts = useMemo(() => (inPipeline && searching ? dealSearchTexts(inPipeline, companyNames) : undefined), [inPipeline, searching, companyNames]);
  const found = useMemo(() => (inPipeline ? findDeals(inPipeline, filters, new Date(), texts) : undefined), [inPipeline, filters, texts]);
  const foundTotals = useMemo(() => (found && pipeline ? stageTotals(found, pipeline.stages) : undefined), [found, pipeline]);

  return (
    <>
      <PageHeader title="Deals" description="Your pipeline by stage, with totals." actions={<NewActionLink href={recordHref.editDeal(null)}>New deal</NewActionLink>} />
      {!pipelines || !inPipeline || (firstSync && inPipeline.length === 0) ? (
        <SkeletonRows label={firstSync ? 'Downloading deals for offline use…' : 'Loading deals from this device…'} avatar={false} />
      ) : null}
      {/* During the first sync an empty pipeline list means "not here yet", not "none". */}
      {pipelines && pipelines.length === 0 && !firstSync ? (
        <EmptyState icon={KanbanSquare} title="No pipelines yet.">
          An administrator sets up the pipelines and their stages under Administration, Settings. Deals need one.
        </EmptyState>
      ) : null}
      {pipeline && inPipeline?.length === 0 && !firstSync ? (
        <EmptyState icon={HandCoins} title={`No deals in ${pipeline.name} on this device yet.`} action={<Link href={recordHref.editDeal(null)}>Add the first deal</Link>}>
          Deals your colleagues share with you arrive with the next sync.
        </EmptyState>
      ) : null}
      {pipelines && pipelines.length > 1 && pipeline ? (
        <Select
          className="mb-3 max-w-sm"
          label="Pipeline"
          options={pipelines.map((p) => ({ id: p.id, label: p.name }))}
          selectedKey={pipeline.id}
          onSelectionChange={(k) => {
            setChosen(String(k));
            // Stages belong to a pipeline: a stage filter would match nothing in the next one.
            setFilters((f) => ({ ...f, stage: 'any' }));
          }}
        />
      ) : null}
      {pipeline && inPipeline?.length && found ? (
        <>
          <DealFinder filters={filters} onChange={setFilters} pipeline={pipeline} viewer={viewer} matched={found.length} total={inPipeline.length} />
          <Tabs
            label="Deal views"
            tabs={[
              { id: 'board', label: 'Board', content: <Board pipeline={pipeline} deals={found} stageFilter={filters.stage} /> },
              { id: 'list', label: 'List', content: <DealList pipeline={pipeline} deals={found} /> },
              // The chart library loads only when this tab is opened.
              { id: 'value', label: 'Value by stage', content: <PipelineValueChart totals={foundTotals ?? []} title={`${pipeline.name}: value by stage`} /> },
            ]}
          />
        </>
      ) : null}
    </>
  );
}

/** Names of the deals' companies, read only while a search needs them (a pipeline may hold thousands of deals). */
function useCompanyNames(deals: readonly Deal[] | undefined, needed: boolean): ReadonlyMap<string, string> {
  const ids = useMemo(() => (needed && deals ? [...new Set(deals.map((d) => d.companyId).filter((id): id is string => id !== null))].sort() : []), [deals, needed]);
  const companies = useRecords('companies', { selector: { id: { $in: ids } } });
  return useMemo(() => new Map((companies ?? []).map((c) => [c.id, c.name])), [companies]);
}

/** The drag payload type: a deal id (drag is an extra; every move also has a menu). */
const DEAL_DRAG_TYPE = 'application/x-crm-deal';

/**
 * The deals by stage. On a wide screen every stage is a column (drop a card on one to move it);
 * on a phone one stage at a time, chosen by tabs that carry each stage's count (or a swipe),
 * so a stage's deals fill the screen instead of a few per stage stacked down a long page.
 */
function Board({ pipeline, deals, stageFilter }: { pipeline: Pipeline; deals: readonly Deal[]; stageFilter: string }) {
  const state = useSyncDb();
  const totals = useMemo(() => stageTotals(deals, pipeline.stages), [deals, pipeline]);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const wide = useMediaQuery('(min-width: 768px)');
  const [shownStage, setShownStage] = useState<string | null>(null);
  // A stage filter holds the phone's board on that stage (the others hold nothing then).
  const current = totals.find((t) => t.stage.id === (stageFilter !== 'any' ? stageFilter : shownStage)) ?? totals[0];

  function drop(stageId: string, e: DragEvent) {
    e.preventDefault();
    setDropTarget(null);
    const deal = deals.find((d) => d.id === e.dataTransfer.getData(DEAL_DRAG_TYPE));
    if (!deal || state.status !== 'ready') return;
    void moveDealToStage(state.handle.db, deal, pipeline, stageId, state.handle.userId).then((to) => {
      if (to) showToast(`Moved ${deal.name} to ${to}.`, 'success');
    });
  }

  if (!wide && current) {
    return (
      <PhoneBoard totals={totals} current={current} onShow={setShownStage}>
        {/* Keyed by stage: "Show more" of one stage does not carry over to the next. */}
        <StageColumn key={current.stage.id} total={current} pipeline={pipeline} onMoved={setShownStage} pageSize={CARDS_PER_PHONE_STAGE} />
      </PhoneBoard>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        To move a deal, use its card’s menu (<Ellipsis aria-hidden="true" className="inline h-4 w-4" />
        <span className="sr-only">the button named “Move to stage”</span>), or drag the card onto another stage.
      </p>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {totals.map((total) => (
          <StageColumn
            key={total.stage.id}
            total={total}
            pipeline={pipeline}
            dropping={dropTarget === total.stage.id}
            onDragOver={(e) => {
              if (!e.dataTransfer.types.includes(DEAL_DRAG_TYPE)) return;
              e.preventDefault();
              setDropTarget(total.stage.id);
            }}
            onDragLeave={() => setDropTarget((t) => (t === total.stage.id ? null : t))}
            onDrop={(e) => drop(total.stage.id, e)}
          />
        ))}
      </div>
    </div>
  );
}

/** A horizontal swipe of at least this many CSS pixels (and mostly sideways) turns to the next or previous stage. */
const SWIPE_PX = 60;

function PhoneBoard({ totals, current, onShow, children }: { totals: StageTotal[]; current: StageTotal; onShow: (stageId: string) => void; children: ReactNode }) {
  const start = useRef<{ x: number; y: number } | null>(null);
  const index = totals.indexOf(current);
  return (
    <AriaTabs selectedKey={current.stage.id} onSelectionChange={(k) => onShow(String(k))} className="flex flex-col gap-2">
      <TabList aria-label="Stages" className="flex gap-1 overflow-x-auto border-b-2 border-border">
        {totals.map((t) => (
          <Tab
            key={t.stage.id}
            id={t.stage.id}
            className={`${target} ${focusRing} flex shrink-0 cursor-default items-center whitespace-nowrap rounded-t-md px-3 text-text data-[hovered]:bg-surface data-[selected]:-mb-0.5 data-[selected]:border-b-4 data-[selected]:border-primary data-[selected]:font-bold`}
          >
            {`${t.stage.name} (${t.deals.length})`}
          </Tab>
        ))}
      </TabList>
      <TabPanel
        id={current.stage.id}
        className={`${focusRing} rounded-md`}
        onTouchStart={(e) => {
          const p = e.touches[0];
          start.current = p ? { x: p.clientX, y: p.clientY } : null;
        }}
        onTouchEnd={(e) => {
          const from = start.current;
          const p = e.changedTouches[0];
          start.current = null;
          if (!from || !p) return;
          const dx = p.clientX - from.x;
          if (Math.abs(dx) < SWIPE_PX || Math.abs(dx) < 2 * Math.abs(p.clientY - from.y)) return;
          const next = totals[index + (dx < 0 ? 1 : -1)];
          if (next) onShow(next.stage.id);
        }}
      >
        {children}
      </TabPanel>
    </AriaTabs>
  );
}

/** One stage: its name, count, total and likelihood, then its cards. */
function StageColumn({
  total: { stage, deals: inStage, amountByCurrency },
  pipeline,
  dropping = false,
  onMoved,
  pageSize = CARDS_PER_STAGE,
  ...drag
}: {
  total: StageTotal;
  pipeline: Pipeline;
  dropping?: boolean;
  pageSize?: number;
  onMoved?: (stageId: string) => void;
  onDragOver?: (e: DragEvent) => void;
  onDragLeave?: () => void;
  onDrop?: (e: DragEvent) => void;
}) {
  return (
    <section
      aria-labelledby={`stage-${stage.id}`}
      className={`flex flex-col gap-2 rounded-md border-2 bg-surface p-2 ${dropping ? 'border-dashed border-focus' : 'border-border'}`}
      data-stage={stage.id}
      {...drag}
    >
      <h2 id={`stage-${stage.id}`} tabIndex={-1} className="text-lg font-bold">
        {stage.name}
      </h2>
      <p className="text-sm" data-testid="stage-total">
        {inStage.length} {inStage.length === 1 ? 'deal' : 'deals'} · {formatTotals(amountByCurrency)} · {stage.probability}% likely
      </p>
      <StageCards deals={inStage} pipeline={pipeline} onMoved={onMoved} pageSize={pageSize} />
    </section>
  );
}

/** Cards per stage before "Show more": keeps the board short to scroll and to Tab through. */
const CARDS_PER_STAGE = 5;
/** On a phone one stage fills the screen, so it shows more of its cards at once. */
const CARDS_PER_PHONE_STAGE = 20;

/** The cards in the finder's order (by default the most recently changed first, so a deal just moved leads its new stage). */
function StageCards({ deals, pipeline, onMoved, pageSize }: { deals: readonly Deal[]; pipeline: Pipeline; onMoved?: (stageId: string) => void; pageSize: number }) {
  const { shown, more } = useShowMore(deals, pageSize, 'deals');
  if (!shown?.length) return <p className="text-sm">No deals in this stage. Move one here from its card’s menu, or drag it here.</p>;
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
            className="flex items-center gap-1 rounded-lg border border-line bg-raised py-1 pl-2 pr-1 shadow-card"
          >
            <div className="min-w-0 flex-1">
              <RowLink href={recordHref.deal(d.id)} title={d.name} detail={`${formatMoney(d.amountCents, d.currency)}${d.closeDate ? ` · closes ${formatDay(d.closeDate)}` : ''}`} />
            </div>
            <MoveToStageMenu deal={d} pipeline={pipeline} onMoved={onMoved} />
          </li>
        ))}
      </ul>
      {more}
    </>
  );
}

function DealList({ pipeline, deals }: { pipeline: Pipeline; deals: readonly Deal[] }) {
  const stageName = new Map(pipeline.stages.map((s) => [s.id, s.name]));
  return (
    <section aria-labelledby="deal-list-heading">
      <h2 id="deal-list-heading" className="sr-only">
        Deals found, in the order chosen
      </h2>
      <RelatedList
        labelledBy="deal-list-heading"
        empty="No deals in this pipeline match."
        items={deals.map((d) => ({
          id: d.id,
          href: recordHref.deal(d.id),
          title: d.name,
          detail: `${stageName.get(d.stageId) ?? d.stageId} · ${formatMoney(d.amountCents, d.currency)}${d.closeDate ? ` · closes ${formatDay(d.closeDate)}` : ''}`,
        }))}
      />
    </section>
  );
}
