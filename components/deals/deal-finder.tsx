'use client';

import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import type { Viewer } from '@/components/records/owners';
import type { Pipeline } from '@/components/records/record-types';
import { activeFilterCount, AMOUNT_BANDS, CLOSE_WINDOWS, DEAL_SORTS, NO_DEAL_FILTERS, type DealFilters } from './deal-filters';

/**
 * Search in view (by name, amount or company); sort and the filters (owner, stage, close date,
 * amount) behind a button that says how many are set; a polite count of what matches. For the
 * board and the list alike, so a phone keeps its first screen for the deals.
 */
export function DealFinder({
  filters,
  onChange,
  pipeline,
  viewer,
  matched,
  total,
}: {
  filters: DealFilters;
  onChange: (next: DealFilters) => void;
  pipeline: Pipeline;
  viewer: Viewer | null;
  matched: number;
  total: number;
}) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const set = (patch: Partial<DealFilters>) => onChange({ ...filters, ...patch });
  const active = activeFilterCount(filters);
  const owners = [
    { id: 'anyone', label: 'Anyone' },
    ...(viewer?.userId ? [{ id: viewer.userId, label: 'Me' }] : []),
    ...(viewer?.people ?? []).filter((p) => p.id !== viewer?.userId).map((p) => ({ id: p.id, label: p.name })),
  ];
  return (
    <div className="flex flex-col gap-2">
      <div className="grid grid-cols-[1fr_auto] items-end gap-2">
        <TextField label="Search deals" type="search" value={filters.query} onChange={(query) => set({ query })} />
        <Button ref={toggle} aria-expanded={open} aria-controls={panelId} onPress={() => setOpen((o) => !o)}>
          {active > 0 ? `Sort and filter (${active} ${active === 1 ? 'filter' : 'filters'} set)` : 'Sort and filter'}
        </Button>
      </div>
      <div id={panelId} hidden={!open} className="rounded-md border border-border bg-surface p-2">
        <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-5">
          <Select label="Sort by" options={DEAL_SORTS} selectedKey={filters.sort} onSelectionChange={(k) => set({ sort: String(k) as DealFilters['sort'] })} />
          <Select label="Owner" options={owners} selectedKey={filters.owner} onSelectionChange={(k) => set({ owner: String(k) })} />
          <Select
            label="Stage"
            options={[{ id: 'any', label: 'Any stage' }, ...pipeline.stages.map((s) => ({ id: s.id, label: s.name }))]}
            selectedKey={filters.stage}
            onSelectionChange={(k) => set({ stage: String(k) })}
          />
          <Select label="Close date" options={CLOSE_WINDOWS} selectedKey={filters.close} onSelectionChange={(k) => set({ close: String(k) as DealFilters['close'] })} />
          <Select label="Amount" options={AMOUNT_BANDS} selectedKey={filters.amount} onSelectionChange={(k) => set({ amount: String(k) as DealFilters['amount'] })} />
        </div>
        {active > 0 ? (
          <Button
            variant="quiet"
            className="mt-2"
            onPress={() => {
              onChange({ ...NO_DEAL_FILTERS, query: filters.query, sort: filters.sort });
              // This button goes away with the filters: focus returns to the button that opened them.
              toggle.current?.focus();
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      <p role="status" className="font-semibold" data-testid="deal-count">
        {matched === total ? `${total} ${total === 1 ? 'deal' : 'deals'}` : `${matched} of ${total} deals match`}
      </p>
    </div>
  );
}
