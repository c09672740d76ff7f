'use client';

import dynamic from 'next/dynamic';
import type { ReactNode } from 'react';
import { plotHeight, seriesStyle, type ChartSpec, type SeriesStyle } from './chart-spec';

// Loaded on first render of a chart, never on the server: the library stays out of every
// route's first-load JavaScript, and a page without a chart never fetches it.
const Plot = dynamic(() => import('./recharts-plot'), {
  ssr: false,
  loading: () => <PlotPlaceholder text="Drawing the chart…" loading />,
});

/**
 * Stands where the plot will be, at its size, so nothing moves when it arrives; also says why
 * there is no picture when there are no figures. `data-loading` lets tests wait for the plot.
 */
function PlotPlaceholder({ text, loading = false }: { text: string; loading?: boolean }) {
  return (
    <div className="flex h-full w-full items-center justify-center rounded-md border-2 border-dashed border-border p-3 text-center text-muted" data-loading={loading ? '' : undefined}>
      {text}
    </div>
  );
}

/** A legend sample: the series' colour with its line dash and bar pattern, drawn small. */
function Swatch({ style, lines }: { style: SeriesStyle; lines: boolean }) {
  if (lines) {
    return (
      <svg aria-hidden="true" width={32} height={14} className="shrink-0">
        <line x1={1} y1={7} x2={31} y2={7} stroke={style.colour} strokeWidth={2.5} strokeDasharray={style.dash || undefined} />
      </svg>
    );
  }
  return (
    <svg aria-hidden="true" width={18} height={18} className="shrink-0">
      <rect x={1} y={1} width={16} height={16} fill={style.pattern === 'solid' ? style.colour : 'var(--c-bg)'} stroke={style.colour} strokeWidth={2} />
      {style.pattern === 'diagonal' ? <path d="M1,9 l8,-8 M1,17 l16,-16 M9,17 l8,-8" stroke={style.colour} strokeWidth={2} /> : null}
      {style.pattern === 'dots' ? <path d="M5,5 h0.01 M13,5 h0.01 M9,9 h0.01 M5,13 h0.01 M13,13 h0.01" stroke={style.colour} strokeWidth={3.5} strokeLinecap="round" /> : null}
      {style.pattern === 'horizontal' ? <path d="M1,5 h16 M1,9 h16 M1,13 h16" stroke={style.colour} strokeWidth={2} /> : null}
    </svg>
  );
}

export interface ChartFigureProps {
  /** The visible caption: what the chart shows. */
  title: string;
  /** One or two sentences saying what the picture shows (latest, peak, totals): shown, and the SVG's name. */
  summary: string;
  spec: ChartSpec;
  /** What a chart with no rows says in its place. */
  empty: string;
  /** The same figures as a table (WCAG 1.1.1): below the picture, or a note pointing to a table shared by several charts. */
  children?: ReactNode;
}

/**
 * A chart as a figure: visible caption and summary, a legend in words (colour is never the only
 * cue), the plot (loaded on demand, a same-sized placeholder meanwhile) and its data table.
 */
export function ChartFigure({ title, summary, spec, empty, children }: ChartFigureProps) {
  const height = plotHeight(spec);
  const lines = spec.kind === 'lines';
  return (
    <figure className="flex min-w-0 flex-col gap-2">
      <figcaption className="flex max-w-prose flex-col gap-1">
        <span className="font-semibold text-text">{title}</span>
        <span className="text-sm text-muted">{summary}</span>
      </figcaption>
      {spec.series.length > 1 ? (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-text" aria-label={`Legend: ${title}`}>
          {spec.series.map((s, i) => (
            <li key={s.key} className="flex items-center gap-2">
              <Swatch style={seriesStyle(i)} lines={lines} />
              <span>
                {s.label} <span className="text-muted">({lines ? seriesStyle(i).cue.line : seriesStyle(i).cue.bar})</span>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <div style={{ height }} className="w-full min-w-0">
        {spec.rows.length === 0 ? <PlotPlaceholder text={empty} /> : <Plot spec={spec} summary={summary} height={height} />}
      </div>
      {children}
    </figure>
  );
}
