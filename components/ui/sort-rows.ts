// Shared with the browser: the ordering DataTable uses, kept apart so it can be unit tested.

export type SortableValue = string | number | boolean | null | undefined;

export interface RowSort {
  column: string;
  direction: 'ascending' | 'descending';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function isEmpty(v: SortableValue): boolean {
  return v == null || v === '';
}

function compare(a: SortableValue, b: SortableValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * Returns a sorted copy (never mutates). Text sorts by locale with numbers in natural order
 * ("Deal 2" before "Deal 10"), equal keys keep their input order, and empty values sort last
 * in both directions: a missing amount is not "smallest".
 */
export function sortRows<T extends Record<string, SortableValue>>(rows: readonly T[], sort: RowSort | undefined): T[] {
  if (!sort) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      const a = x.row[sort.column];
      const b = y.row[sort.column];
      if (isEmpty(a) || isEmpty(b)) return Number(isEmpty(a)) - Number(isEmpty(b)) || x.index - y.index;
      return compare(a, b) * sign || x.index - y.index;
    })
    .map((x) => x.row);
}
