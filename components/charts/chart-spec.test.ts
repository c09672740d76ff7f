import { describe, expect, it } from 'vitest';
import { formatTick, formatValue, peakRow, plotHeight, SERIES_STYLES } from './chart-spec';

describe('chart figures in words', () => {
  it('writes values in full for tables and tooltips, and short for axis ticks', () => {
    expect(formatValue(1204, { kind: 'count' })).toBe('1,204');
    expect(formatValue(250, { kind: 'ms' })).toBe('250 ms');
    expect(formatValue(12000, { kind: 'money', currency: 'EUR' })).toBe('€12,000');
    expect(formatValue(null, { kind: 'ms' })).toBe('—');
    expect(formatTick(1200, { kind: 'count' })).toBe('1.2K');
    expect(formatTick(12000, { kind: 'money', currency: 'USD' })).toBe('$12K');
  });

  it('finds the peak row, none when every value is zero or missing', () => {
    const rows = [
      { label: 'a', n: 2 },
      { label: 'b', n: 5 },
      { label: 'c', n: 5 },
      { label: 'd', n: null },
    ];
    expect(peakRow(rows, 'n')?.label).toBe('b');
    expect(peakRow([{ label: 'a', n: 0 }], 'n')).toBeUndefined();
  });

  it('sizes plots before they load: fixed when upright, a row per category when lying', () => {
    expect(plotHeight({ kind: 'lines', rows: [] })).toBe(240);
    expect(plotHeight({ kind: 'ranked-bars', rows: Array.from({ length: 5 }, (_, i) => ({ label: String(i) })) })).toBe(5 * 44 + 40);
  });

  it('gives every series a cue besides colour, each different', () => {
    for (const key of ['dash', 'symbol', 'pattern'] as const) expect(new Set(SERIES_STYLES.map((s) => s[key])).size).toBe(SERIES_STYLES.length);
    // Only design-token colours, so both themes apply.
    expect(SERIES_STYLES.every((s) => /^var\(--c-[a-z]+\)$/.test(s.colour))).toBe(true);
  });
});
