import { describe, expect, it } from 'vitest';
import { conflictChoices, describeValue, fieldWords, refusedChanges } from './conflict-text';

describe('conflict wording', () => {
  it('shows stored values as text', () => {
    expect(describeValue('"Ada"')).toBe('Ada');
    expect(describeValue('null')).toBe('(empty)');
    expect(describeValue('12')).toBe('12');
    expect(describeValue('true')).toBe('Yes');
  });

  it('names the field and offers both choices for every kind', () => {
    expect(fieldWords('firstName')).toBe('first name');
    expect(conflictChoices({ kind: 'field', field: 'firstName' }).summary).toContain('first name');
    for (const kind of ['field', 'deleted-on-server', 'delete-overridden'] as const) {
      const c = conflictChoices({ kind, field: 'x' });
      expect(c.keepMine).not.toBe(c.keepServer);
    }
  });
});

describe('refusedChanges', () => {
  it('lists the fields a refused change set, against the server value, without bookkeeping', () => {
    const server = { id: 'c1', firstName: 'Ada', lastName: 'Lovelace', email: null, updatedAt: '2026-01-01T00:00:00.000Z' };
    const mine = { ...server, lastName: 'Byron', email: 'ada@example.test', updatedAt: '2026-02-01T00:00:00.000Z', _deleted: false };
    expect(refusedChanges({ localValue: JSON.stringify(mine), serverValue: JSON.stringify(server) })).toEqual([
      { field: 'lastName', mine: 'Byron', server: 'Lovelace' },
      { field: 'email', mine: 'ada@example.test', server: '(empty)' },
    ]);
  });

  it('says so for a refused deletion, and for a new record the server does not have', () => {
    expect(refusedChanges({ localValue: JSON.stringify({ id: 'c1', _deleted: true }), serverValue: '{"id":"c1"}' })).toEqual([{ field: 'change', mine: 'delete this record', server: 'kept' }]);
    expect(refusedChanges({ localValue: JSON.stringify({ id: 'c2', lastName: 'New', _deleted: false }), serverValue: 'null' })).toEqual([{ field: 'lastName', mine: 'New', server: '(no such record)' }]);
  });
});
