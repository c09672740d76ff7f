'use client';

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import {
  Cell,
  Column,
  Row,
  Table,
  TableBody,
  TableHeader,
  type SortDescriptor,
} from 'react-aria-components';
import { ScrollRegion } from './scroll-region';
import { focusRing } from './styles';
import { sortRows, type SortableValue } from './sort-rows';

export interface DataColumn<T> {
  id: keyof T & string;
  label: string;
  /** The column that names each row for screen readers (usually the name). */
  isRowHeader?: boolean;
  allowsSorting?: boolean;
  /** Figures (amounts, counts): aligned to the end so digits line up. */
  numeric?: boolean;
  /** How to show a value; defaults to its text. */
  render?: (row: T) => ReactNode;
}

export interface DataTableProps<T extends { id: string } & Record<string, SortableValue>> {
  /** Names the table, e.g. "Contacts". */
  label: string;
  columns: readonly DataColumn<T>[];
  rows: readonly T[];
  /** Shown in the table body when there are no rows. */
  emptyText: string;
  initialSort?: SortDescriptor;
}

/**
 * A data table: arrow keys move cell by cell (one Tab stop), sortable headers sort on Enter
 * and announce their direction (aria-sort). It scrolls inside its own labelled, focusable
 * region, so the page itself never scrolls sideways at 320 px (WCAG 1.4.10 allows 2-D
 * tables to scroll).
 */
export function DataTable<T extends { id: string } & Record<string, SortableValue>>({
  label,
  columns,
  rows,
  emptyText,
  initialSort,
}: DataTableProps<T>) {
  const [sort, setSort] = useState<SortDescriptor | undefined>(initialSort);
  const sorted = useMemo(() => sortRows(rows, sort ? { column: String(sort.column), direction: sort.direction } : undefined), [rows, sort]);
  return (
    <ScrollRegion
      aria-label={`${label} (scrollable)`}
      className="rounded-lg border border-line bg-raised shadow-card focus-visible:outline-solid focus-visible:outline-3 focus-visible:outline-focus"
    >
      <Table aria-label={label} sortDescriptor={sort} onSortChange={setSort} className="w-full border-collapse text-start">
        <TableHeader columns={columns} className="bg-surface">
          {(c) => (
            <Column
              id={c.id}
              isRowHeader={c.isRowHeader}
              allowsSorting={c.allowsSorting}
              className={`${focusRing} h-target whitespace-nowrap px-3 text-body-sm font-semibold text-muted ${c.numeric ? 'text-end' : 'text-start'}`}
            >
              {({ allowsSorting, sortDirection }) => (
                <span className="inline-flex items-center gap-1">
                  {c.label}
                  {allowsSorting ? <SortIcon direction={sortDirection} /> : null}
                </span>
              )}
            </Column>
          )}
        </TableHeader>
        <TableBody items={sorted} renderEmptyState={() => <p className="px-3 py-4 text-muted">{emptyText}</p>}>
          {(row) => (
            <Row id={row.id} columns={columns} className={`${focusRing} border-t border-line data-[hovered]:bg-surface data-[focused]:bg-selected`}>
              {(c) => <Cell className={`${focusRing} h-target px-3 text-text ${c.numeric ? 'text-end tabular-nums' : ''}`}>{c.render ? c.render(row) : String(row[c.id] ?? '')}</Cell>}
            </Row>
          )}
        </TableBody>
      </Table>
    </ScrollRegion>
  );
}

/** The sort mark of a column header: which way it sorts now, or that it can sort. Hidden: aria-sort says it. */
function SortIcon({ direction }: { direction?: SortDescriptor['direction'] }) {
  const Icon = direction === 'ascending' ? ArrowUp : direction === 'descending' ? ArrowDown : ArrowUpDown;
  return <Icon aria-hidden="true" className={`size-icon-sm shrink-0 ${direction ? 'text-text' : ''}`} strokeWidth={2} />;
}
