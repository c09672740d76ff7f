import { describe, expect, it } from 'vitest';
import { contactNeedles, eraseRecordObjects, likePatterns, mentions, redactJson, redactText, REDACTED } from './person-text';

describe('finding a person in text', () => {
  it('searches for the email, phone and full name, long enough to be distinctive, longest first', () => {
    expect(contactNeedles({ firstName: ' Ada ', lastName: 'Lovelace', email: 'ada@example.org', phone: '112', title: 'Countess' })).toEqual(['ada@example.org', 'Ada Lovelace']);
    expect(contactNeedles({ firstName: 'A', lastName: 'Li', email: null, phone: '0800' })).toEqual([]);
  });

  it('makes ILIKE patterns whose wildcards are literal, with the JSON spelling of quotes too', () => {
    expect(likePatterns(['50%_off\\'])).toEqual(['%50\\%\\_off\\\\%', '%50\\%\\_off\\\\\\\\%']);
    expect(likePatterns(['Dwayne "The Rock"'])).toEqual(['%Dwayne "The Rock"%', '%Dwayne \\\\"The Rock\\\\"%']);
  });

  it('redacts every occurrence, ignoring case, in text and inside JSON values (never keys)', () => {
    const needles = ['ada@example.org', 'Ada Lovelace'];
    expect(mentions('Mail ADA@example.org', needles)).toBe(true);
    expect(mentions('Ada alone', needles)).toBe(false);
    expect(redactText('Call ada lovelace (ada@Example.org)', needles)).toBe(`Call ${REDACTED} (${REDACTED})`);
    expect(redactJson({ 'Ada Lovelace': ['x Ada Lovelace', 3, null] }, needles)).toEqual({ 'Ada Lovelace': [`x ${REDACTED}`, 3, null] });
  });

  it('replaces an erased record inside a stored answer by its id and a mark', () => {
    const ids = new Set(['r1']);
    expect(eraseRecordObjects({ data: [{ id: 'r1', email: 'x' }, { id: 'r2', email: 'y' }] }, ids)).toEqual({ data: [{ id: 'r1', erased: true }, { id: 'r2', email: 'y' }] });
  });
});
