import { describe, expect, it } from 'vitest';
import { formatDay, formatUtc } from './dates';

describe('dates', () => {
  it('writes every date as day, month name, year and a 24-hour time', () => {
    expect(formatDay('2026-11-03')).toBe('Tue, 3 Nov 2026');
    expect(formatUtc('2026-11-03T14:05:09.123Z')).toBe('3 Nov 2026, 14:05 UTC');
    expect(formatUtc(new Date('2026-11-03T04:05:09Z'), { seconds: true })).toBe('3 Nov 2026, 04:05:09 UTC');
    expect(formatUtc(null)).toBe('—');
  });
});
