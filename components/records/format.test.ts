import { describe, expect, it } from 'vitest';
import { centsToInput, formatMoney, parseAmountToCents } from './format';

describe('amounts', () => {
  it('reads what people type into cents', () => {
    expect(parseAmountToCents('1200')).toBe(120_000);
    expect(parseAmountToCents('1,200.5')).toBe(120_050);
    expect(parseAmountToCents('€ 1 200.05')).toBe(120_005);
    expect(parseAmountToCents('0')).toBe(0);
  });

  it('refuses negative, fractional-cent and non-numeric amounts', () => {
    for (const bad of ['-5', '1.234', 'abc', '', '1.2.3']) expect(parseAmountToCents(bad)).toBeNull();
  });

  it('writes amounts back for display and editing', () => {
    expect(formatMoney(120_000, 'EUR')).toBe('€1,200');
    expect(formatMoney(120_050, 'USD')).toBe('$1,200.50');
    expect(centsToInput(120_050)).toBe('1200.50');
    expect(centsToInput(120_000)).toBe('1200');
  });
});
