import { describe, expect, it } from 'vitest';
import { conflictChoices, describeValue, fieldWords } from './conflict-text';

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
