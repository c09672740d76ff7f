import { describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast';
import { elevation, focusNeighbours, icons, nonTextPairs, radii, sizes, space, textPairs, themes, typeScale } from './tokens';

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
  it.each(nonTextPairs)('%s against %s reaches 3:1 (WCAG 1.4.11)', (fg, bg) => {
    expect(contrastRatio(theme[fg], theme[bg])).toBeGreaterThanOrEqual(3);
  });
  it.each(focusNeighbours)('focus ring reaches 3:1 against %s', (bg) => {
    expect(contrastRatio(theme.focus, theme[bg])).toBeGreaterThanOrEqual(3);
  });
  it('borders of controls reach 3:1 against the page (WCAG 1.4.11)', () => {
    expect(contrastRatio(theme.border, theme.bg)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(theme.border, theme.surface)).toBeGreaterThanOrEqual(3);
  });
  it('the decorative line is quieter than a control border, so the two are never confused', () => {
    expect(contrastRatio(theme.line, theme.bg)).toBeLessThan(contrastRatio(theme.border, theme.bg));
  });
});

it('both themes define the same colours', () => {
  expect(Object.keys(themes.dark).sort()).toEqual(Object.keys(themes.light).sort());
  expect(Object.keys(elevation.dark).sort()).toEqual(Object.keys(elevation.light).sort());
});

describe('type scale', () => {
  it.each(Object.entries(typeScale).filter(([, s]) => s.kind === 'body'))('body step %s has a line height of at least 1.5 (WCAG 1.4.8)', (_n, step) => {
    expect(step.lineHeight).toBeGreaterThanOrEqual(1.5);
  });
  it.each(Object.entries(typeScale).filter(([, s]) => s.kind === 'heading'))('heading step %s keeps at least 1.2 and is no smaller than body', (_n, step) => {
    expect(step.lineHeight).toBeGreaterThanOrEqual(1.2);
    expect(step.size).toBeGreaterThanOrEqual(typeScale.body.size);
  });
  it('grows step by step', () => {
    const order = ['caption', 'body-sm', 'body', 'body-lg', 'title', 'title-lg', 'display'] as const;
    for (let i = 1; i < order.length; i++) expect(typeScale[order[i]!].size).toBeGreaterThan(typeScale[order[i - 1]!].size);
  });
});

describe('spacing, radii and icons', () => {
  it('spacing sits on the 4 px grid Tailwind also uses (--spacing: 0.25rem)', () => {
    expect(space.unit).toBe(4);
    for (const px of [...Object.values(space.steps), ...Object.values(space.roles)]) {
      expect(px === 2 || px % space.unit === 0, `${px} px`).toBe(true);
    }
  });
  it('radii grow with the size of the thing they round', () => {
    expect(radii.sm).toBeLessThan(radii.md);
    expect(radii.md).toBeLessThan(radii.lg);
    expect(radii.lg).toBeLessThan(radii.xl);
  });
  it('icons fit well inside a 44 px target', () => {
    for (const px of Object.values(icons.sizes)) expect(px).toBeLessThanOrEqual(sizes.target - 16);
    expect(icons.library).toBe('lucide-react');
  });
});
