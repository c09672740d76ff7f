'use client';

import { useId, useMemo, useState, type ReactNode } from 'react';
import { SearchX, SlidersHorizontal } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { Select } from '@/components/ui/select';
import { SkeletonRows } from '@/components/ui/skeleton';
import { TextField } from '@/components/ui/text-field';
import { OnlineSearch, type OnlineSearchProps } from './online-search';
import { searchItems } from './search';
import { useFirstSyncRunning } from './use-first-sync';
import { VirtualList, type RowProps } from './virtual-list';

export interface ListChoice {
  id: string;
  label: string;
}
export interface SortChoice<T> extends ListChoice {
  compare: (a: T, b: T) => number;
}
export interface FilterChoice<T> extends ListChoice {
  keep: (item: T) => boolean;
}

export interface RecordListProps<T extends { id: string; searchText: string }> {
  /** Undefined while the local database opens. */
  items: readonly T[] | undefined;
  noun: { one: string; many: string };
  searchDescription: string;
  sorts: readonly SortChoice<T>[];
  filters: readonly FilterChoice<T>[];
  rowHeight: number;
  renderRow: (item: T, props: RowProps) => ReactNode;
  /** Shown when there are no records at all (not when a search finds none). */
  emptyState: ReactNode;
  /** Offered under a search to those who may search the whole organization online. */
  online?: Omit<OnlineSearchProps, 'query' | 'held'>;
}

/**
 * Search, filter and sort over every record in memory, then a virtualised list: a keystroke
 * filters 10,000 records in a few milliseconds and draws only the rows on screen. The count
 * is announced politely so screen-reader users know what the search found. Search is in view;
 * sort and filter sit behind a button that says when a filter is set, so a phone's first
 * screen is for the records.
 */
export function RecordList<T extends { id: string; searchText: string }>(props: RecordListProps<T>) {
  const { items, noun, sorts, filters } = props;
  const [query, setQuery] = useState('');
  const [sortId, setSortId] = useState(sorts[0]?.id ?? '');
  const [filterId, setFilterId] = useState(filters[0]?.id ?? '');
  const [open, setOpen] = useState(false);
  const firstSync = useFirstSyncRunning();
  const panelId = useId();
  const filtered = filterId !== (filters[0]?.id ?? '');

  const sorted = useMemo(() => {
    if (!items) return undefined;
    const sort = sorts.find((s) => s.id === sortId) ?? sorts[0];
    const filter = filters.find((f) => f.id === filterId) ?? filters[0];
    const kept = filter ? items.filter(filter.keep) : items.slice();
    return sort ? kept.sort(sort.compare) : kept;
  }, [items, sorts, filters, sortId, filterId]);
  const shown = useMemo(() => (sorted ? searchItems(sorted, query) : undefined), [sorted, query]);
  const held = useMemo(() => new Set(items?.map((i) => i.id)), [items]);

  const total = items?.length ?? 0;
  const count = shown?.length ?? 0;
  const summary = !shown
    ? `Loading ${noun.many} from this device…`
    : count === total
      ? `${total} ${total === 1 ? noun.one : noun.many}`
      : `${count} of ${total} ${noun.many} match`;

  return (
    <div className="flex flex-col gap-2">
      <div className="grid grid-cols-[1fr_auto] items-end gap-2">
        <div data-list-search="">
          <TextField label={`Search ${noun.many}`} type="search" value={query} onChange={setQuery} description={props.searchDescription} />
        </div>
        {/* On a phone an icon (the search keeps the width); its name is always the words. */}
        <Button aria-expanded={open} aria-controls={panelId} onPress={() => setOpen((o) => !o)} className="gap-2 max-sm:px-2">
          <SlidersHorizontal aria-hidden="true" className="h-5 w-5 shrink-0" />
          <span className="max-sm:sr-only">Sort and filter</span>
          {filtered ? <span className="max-sm:sr-only"> (1 filter set)</span> : null}
          {filtered ? (
            <span aria-hidden="true" className="rounded-full bg-primary px-1.5 text-sm text-onPrimary sm:hidden">
              1
            </span>
          ) : null}
        </Button>
      </div>
      <div id={panelId} hidden={!open} className="rounded-md border border-border bg-surface p-2">
        <div className="grid gap-2 sm:grid-cols-2">
          <Select label="Sort by" options={sorts} selectedKey={sortId} onSelectionChange={(k) => setSortId(String(k))} />
          {filters.length > 1 ? <Select label="Show" options={filters} selectedKey={filterId} onSelectionChange={(k) => setFilterId(String(k))} /> : null}
        </div>
      </div>
      {/* While loading, the words are for screen readers and the shapes below are for eyes. */}
      <p role="status" className={shown ? 'font-semibold' : 'sr-only'} data-testid="list-count" data-loading={shown ? undefined : ''}>
        {summary}
      </p>
      {!shown ? <SkeletonRows /> : null}
      {items && total === 0 ? (firstSync ? <SkeletonRows label={`Downloading ${noun.many} for offline use…`} /> : props.emptyState) : null}
      {shown && total > 0 && count === 0 ? (
        <EmptyState
          icon={SearchX}
          title={query.trim() ? `No ${noun.many} match “${query}”.` : `No ${noun.many} are shown with “${filters.find((f) => f.id === filterId)?.label}”.`}
          action={
            <Button
              onPress={() => {
                if (query.trim()) setQuery('');
                else setFilterId(filters[0]?.id ?? '');
                // The button goes once the list is back: the search is where the next try starts.
                focusAfterRender(() => document.querySelector<HTMLElement>('[data-list-search] input'));
              }}
            >
              {query.trim() ? 'Clear the search' : 'Show all'}
            </Button>
          }
        >
          {query.trim() ? 'Check the spelling, or search for part of the name, email or phone.' : null}
        </EmptyState>
      ) : null}
      {shown && count > 0 ? (
        <>
          {/* For keyboards; on a phone it is read, not shown, to keep the first screen for records. */}
          <p id="list-keys-help" className="text-sm text-muted max-sm:sr-only">
            In the list, the arrow keys move between {noun.many}; Tab leaves the list.
          </p>
          <VirtualList
            items={shown}
            rowHeight={props.rowHeight}
            getKey={(i) => i.id}
            renderRow={props.renderRow}
            label={noun.many[0]!.toUpperCase() + noun.many.slice(1)}
            describedBy="list-keys-help"
          />
        </>
      ) : null}
      {props.online && items ? <OnlineSearch {...props.online} query={query} held={held} /> : null}
    </div>
  );
}
