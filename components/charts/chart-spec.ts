// Shared with the browser: what a chart draws, as plain data. The figure (chart-figure.tsx),
// its legend and its table read this; only the lazily loaded plot (recharts-plot.tsx) knows
// the charting library, so no route carries the library in its first-load JavaScript.

/** How values read: plain counts, milliseconds, or money in major units of one currency. */
export type ChartUnit = { kind: 'count' } | { kind: 'ms' } | { kind: 'money'; currency: string };

export interface ChartSeries {
  /** The row field holding this series' values. */
  key: string;
  /** Words for the legend and the tooltip. */
  label: string;
}

/** One category of the chart (a minute, a week, a stage): its axis label, then a value per series key. */
export type ChartRow = { label: string } & { [key: string]: string | number | null };

export interface ChartSpec {
  /** `bars` and `stacked-bars` stand up; `ranked-bars` lie down, labels on the left (long names on a phone). */
  kind: 'bars' | 'stacked-bars' | 'ranked-bars' | 'lines';
  rows: readonly ChartRow[];
  /** At most four: each gets its own colour, and a pattern, dash and marker so colour is never the only cue. */
  series: readonly ChartSeries[];
  unit: ChartUnit;
}

/** A series' look: a token colour plus a second cue that survives greyscale and colour blindness (WCAG 1.4.1). */
export interface SeriesStyle {
  /** A design-token colour; each reaches 3:1 against the page in both themes (WCAG 1.4.11). */
  colour: string;
  /** Stroke dash of lines ('' for solid). */
  dash: string;
  /** Marker of line points, one of the library's symbol names. */
  symbol: 'circle' | 'square' | 'triangle' | 'diamond';
  /** Fill of bars: solid, or a hatch drawn in the series colour over the page colour. */
  pattern: 'solid' | 'diagonal' | 'dots' | 'horizontal';
  /** The second cue in words, for the legend: how the series' line and bars look. */
  cue: { line: string; bar: string };
}

export const SERIES_STYLES: readonly SeriesStyle[] = [
  { colour: 'var(--c-primary)', dash: '', symbol: 'circle', pattern: 'solid', cue: { line: 'solid line', bar: 'solid' } },
  { colour: 'var(--c-success)', dash: '8 4', symbol: 'square', pattern: 'diagonal', cue: { line: 'dashed line', bar: 'striped' } },
  { colour: 'var(--c-warning)', dash: '2 4', symbol: 'triangle', pattern: 'dots', cue: { line: 'dotted line', bar: 'dotted' } },
  { colour: 'var(--c-danger)', dash: '14 4 2 4', symbol: 'diamond', pattern: 'horizontal', cue: { line: 'dash-dot line', bar: 'lined' } },
];

/** The style of the `i`-th series. */
export function seriesStyle(i: number): SeriesStyle {
  return SERIES_STYLES[i % SERIES_STYLES.length]!;
}

/** Plot heights in CSS px: fixed, so the placeholder that stands in while the library loads takes the same room. */
const PLOT_HEIGHT = 240;
const RANKED_ROW = 44;
const RANKED_AXIS = 40;

/** The plot's height for `spec`: fixed for upright charts, one row per category for lying bars. */
export function plotHeight(spec: Pick<ChartSpec, 'kind' | 'rows'>): number {
  return spec.kind === 'ranked-bars' ? Math.max(2, spec.rows.length) * RANKED_ROW + RANKED_AXIS : PLOT_HEIGHT;
}

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat('en', options)));
  return f;
}

/** A value in full, for tooltips and tables: "1,204", "250 ms", "€12,000"; "—" for none. */
export function formatValue(value: number | null | undefined, unit: ChartUnit): string {
  if (value === null || value === undefined) return '—';
  switch (unit.kind) {
    case 'count':
      return numberFormat('count', { maximumFractionDigits: 0 }).format(value);
    case 'ms':
      return `${numberFormat('count', { maximumFractionDigits: 0 }).format(value)} ms`;
    case 'money':
      return numberFormat(`money|${unit.currency}`, { style: 'currency', currency: unit.currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(value);
  }
}

/** A value short enough for an axis tick: "1.2K", "250 ms", "€12K". */
export function formatTick(value: number, unit: ChartUnit): string {
  switch (unit.kind) {
    case 'count':
      return numberFormat('compact', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
    case 'ms':
      return `${numberFormat('compact', { notation: 'compact', maximumFractionDigits: 1 }).format(value)} ms`;
    case 'money':
      return numberFormat(`compact|${unit.currency}`, { style: 'currency', currency: unit.currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(value);
  }
}

/** The row with the highest value of `key` (the first on a tie), or undefined when every value is zero or missing. */
export function peakRow<R extends ChartRow>(rows: readonly R[], key: string): R | undefined {
  let best: R | undefined;
  for (const r of rows) {
    const v = r[key];
    if (typeof v === 'number' && v > 0 && (best === undefined || v > (best[key] as number))) best = r;
  }
  return best;
}
