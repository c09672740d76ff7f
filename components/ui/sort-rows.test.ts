import { describe, expect, it } from 'vitest';
import { sortRows } from './sort-rows';

const rows = [
  { id: 'a', name: 'Deal 10', amount: 500 },
  { id: 'b', name: 'deal 2', amount: null },
  { id: 'c', name: 'Deal 1', amount: 20 },
  { id: 'd', name: 'Ärger', amount: 500 },
];

describe('sortRows', () => {
  it('keeps input order without a sort and never mutates the input', () => {
    const copy = [...rows];
    expect(sortRows(rows, undefined).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    sortRows(rows, { column: 'name', direction: 'descending' });
    expect(rows).toEqual(copy);
  });

  it('sorts text naturally and case-insensitively', () => {
    expect(sortRows(rows, { column: 'name', direction: 'ascending' }).map((r) => r.name)).toEqual(['Ärger', 'Deal 1', 'deal 2', 'Deal 10']);
    expect(sortRows(rows, { column: 'name', direction: 'descending' }).map((r) => r.name)).toEqual(['Deal 10', 'deal 2', 'Deal 1', 'Ärger']);
  });

  it('sorts numbers numerically, keeps ties stable and puts empty values last both ways', () => {
    expect(sortRows(rows, { column: 'amount', direction: 'ascending' }).map((r) => r.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, { column: 'amount', direction: 'descending' }).map((r) => r.id)).toEqual(['a', 'd', 'c', 'b']);
  });
});
