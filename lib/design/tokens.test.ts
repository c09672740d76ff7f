import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast';
import { focusNeighbours, textPairs, themes } from './tokens';

describe('contrast ratio maths', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });
  it('rejects malformed colours', () => {
    expect(() => contrastRatio('red', '#ffffff')).toThrow(/rrggbb/);
  });
});

describe.each(Object.entries(themes))('%s theme', (_name, theme) => {
  it.each(textPairs)('%s on %s reaches 7:1', (fg, bg) => {
    expect(contrastRatio(theme[fg], theme[bg])).toBeGreaterThanOrEqual(7);
  });
  it.each(focusNeighbours)('focus ring reaches 3:1 against %s', (bg) => {
    expect(contrastRatio(theme.focus, theme[bg])).toBeGreaterThanOrEqual(3);
  });
  it('borders of controls reach 3:1 against the page (WCAG 1.4.11)', () => {
    expect(contrastRatio(theme.border, theme.bg)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(theme.border, theme.surface)).toBeGreaterThanOrEqual(3);
  });
});
