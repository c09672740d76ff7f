import { describe, expect, it } from 'vitest';
import { formatDateTime } from '@/components/records/format';
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
    for (const side of ['mine', 'theirs'] as const) {
      for (const kind of ['field', 'deleted-on-server', 'delete-overridden'] as const) {
        const c = conflictChoices({ kind, field: 'x', side, otherName: 'Ada Lovelace', otherAt: '2026-11-03T14:05:00.000Z' });
        expect(c.restore).not.toBe(c.dismiss);
        expect(c.summary).toContain('Ada Lovelace');
        expect(c.summary).toContain(formatDateTime('2026-11-03T14:05:00.000Z'));
        const self = conflictChoices({ kind, field: 'x', otherName: 'Ada Lovelace', otherIsSelf: true });
        if (side === 'mine') expect(self.summary).toMatch(/another device/);
      }
    }
  });

  it('tells the person whose value stayed whose value theirs replaced, and offers to use it', () => {
    const theirs = conflictChoices({ kind: 'field', field: 'title', side: 'theirs', otherName: 'Bo Rep', otherAt: '2026-11-03T14:05:00.000Z' });
    expect(theirs.summary).toBe(`Bo Rep also changed the title on their device (${formatDateTime('2026-11-03T14:05:00.000Z')}). Your value stayed; theirs was set aside.`);
    expect([theirs.restore, theirs.dismiss, theirs.lostLabel, theirs.keptLabel]).toEqual(['Use their value', 'Keep my value', 'Their value (set aside)', 'Your value (in use now)']);
    // The person whose value was set aside learns who and when.
    const mine = conflictChoices({ kind: 'field', field: 'title', otherName: 'the workflow “Tidy titles”', otherAt: '2026-11-03T14:05:00.000Z' });
    expect(mine.summary).toMatch(/^The workflow “Tidy titles” changed the title on .+, before your change reached the server\. Their value is in use\.$/);
    expect(mine.restore).toBe('Keep my value');
    // Without the server's word (an older conflict, or an expired change log row): no name invented.
    expect(conflictChoices({ kind: 'field', field: 'title' }).summary).toBe('You and someone else both changed the title.');
    expect(conflictChoices({ kind: 'field', field: 'title', side: 'theirs' }).summary).toBe('Someone also changed the title on their device. Your value stayed; theirs was set aside.');
    // One's own other device is not "them".
    const self = conflictChoices({ kind: 'field', field: 'email', otherName: 'Ada Lovelace', otherIsSelf: true, otherAt: '2026-11-03T14:05:00.000Z' });
    expect(self.summary).toMatch(/^You changed the email on another device on .+, before this change reached the server\. That value is in use\.$/);
    expect(self.summary).not.toContain('Ada');
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
