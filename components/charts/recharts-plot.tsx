'use client';

// The one module that imports the charting library (Recharts 3). chart-figure.tsx loads it
// with next/dynamic only where a chart is drawn, so the library is never in a route's
// first-load JavaScript. Everything is drawn in design-token colours, which follow the light
// and dark themes; animation is off (WCAG 2.3.3), and Recharts' accessibility layer lets a
// keyboard user step through the points with the arrow keys, the tooltip (a live status)
// reading each one out.
import { useId, type CSSProperties } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTick, formatValue, seriesStyle, type ChartSpec, type SeriesStyle } from './chart-spec';

export interface PlotProps {
  spec: ChartSpec;
  /** The chart's text summary: the SVG's accessible name. */
  summary: string;
  height: number;
}

/** Line charts with more points than this draw no markers on each point (they would blur into the line). */
const MARKERS_UP_TO = 24;

const tick = { fill: 'var(--c-muted)', fontSize: 13 };
const axisLine = { stroke: 'var(--c-border)' };
const tooltipStyles = {
  contentStyle: { background: 'var(--c-raised)', border: '2px solid var(--c-border)', borderRadius: 6, color: 'var(--c-text)' } satisfies CSSProperties,
  labelStyle: { color: 'var(--c-text)', fontWeight: 600 } satisfies CSSProperties,
  itemStyle: { color: 'var(--c-text)' } satisfies CSSProperties,
  wrapperStyle: { zIndex: 10 } satisfies CSSProperties,
};

/** A bar fill: a hatch in the series colour over the page colour, so bars differ by more than colour. */
function Pattern({ id, style }: { id: string; style: SeriesStyle }) {
  const c = style.colour;
  return (
    <pattern id={id} width={8} height={8} patternUnits="userSpaceOnUse">
      <rect width={8} height={8} fill="var(--c-bg)" />
      {style.pattern === 'diagonal' ? <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke={c} strokeWidth={2.5} /> : null}
      {style.pattern === 'dots' ? (
        <>
          <circle cx={2} cy={2} r={2} fill={c} />
          <circle cx={6} cy={6} r={2} fill={c} />
        </>
      ) : null}
      {style.pattern === 'horizontal' ? <path d="M0,2 h8 M0,6 h8" stroke={c} strokeWidth={2} /> : null}
    </pattern>
  );
}

/** Draws `spec`: see ChartSpec for the kinds. Default export, for next/dynamic. */
export default function RechartsPlot({ spec, summary, height }: PlotProps) {
  // SVG ids must be plain: React's useId may hold characters url(#…) would need escaped.
  const base = `chart${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { unit } = spec;
  const fillOf = (i: number) => (seriesStyle(i).pattern === 'solid' ? seriesStyle(i).colour : `url(#${base}-p${i})`);
  const valueFormatter = (value: unknown) => formatValue(typeof value === 'number' ? value : null, unit);
  const tickFormatter = (value: number) => formatTick(value, unit);
  const chartProps = {
    data: spec.rows,
    responsive: true,
    style: { width: '100%', height },
    title: summary,
    accessibilityLayer: true,
  } as const;
  const defs = (
    <defs>
      {spec.series.map((s, i) => (
        <Pattern key={s.key} id={`${base}-p${i}`} style={seriesStyle(i)} />
      ))}
    </defs>
  );
  const tooltip = (cursor: 'bar' | 'line') => (
    <Tooltip
      {...tooltipStyles}
      isAnimationActive={false}
      formatter={valueFormatter}
      cursor={cursor === 'bar' ? { fill: 'var(--c-selected)' } : { stroke: 'var(--c-border)', strokeWidth: 2 }}
    />
  );

  if (spec.kind === 'lines') {
    const markers = spec.rows.length <= MARKERS_UP_TO;
    return (
      <LineChart {...chartProps} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid stroke="var(--c-line)" vertical={false} />
        <XAxis dataKey="label" tick={tick} axisLine={axisLine} tickLine={axisLine} minTickGap={16} />
        <YAxis width="auto" tick={tick} axisLine={axisLine} tickLine={axisLine} tickFormatter={tickFormatter} allowDecimals={unit.kind !== 'count'} />
        {tooltip('line')}
        {spec.series.map((s, i) => {
          const st = seriesStyle(i);
          return (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={st.colour}
              strokeWidth={2.5}
              strokeDasharray={st.dash || undefined}
              dot={markers ? { symbol: st.symbol, r: 4, fill: st.colour, stroke: st.colour } : false}
              activeDot={{ symbol: st.symbol, r: 6, fill: st.colour, stroke: 'var(--c-bg)', strokeWidth: 2 }}
              isAnimationActive={false}
              connectNulls={false}
            />
          );
        })}
      </LineChart>
    );
  }

  if (spec.kind === 'ranked-bars') {
    return (
      <BarChart {...chartProps} layout="vertical" margin={{ top: 4, right: 72, bottom: 4, left: 4 }} barCategoryGap="20%">
        {defs}
        <XAxis type="number" tick={tick} axisLine={axisLine} tickLine={axisLine} tickFormatter={tickFormatter} />
        <YAxis type="category" dataKey="label" width="auto" tick={{ ...tick, fill: 'var(--c-text)' }} axisLine={axisLine} tickLine={false} />
        {tooltip('bar')}
        {spec.series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={fillOf(i)} stroke={seriesStyle(i).colour} strokeWidth={1.5} isAnimationActive={false}>
            {/* The value at each bar's end, short so it fits the margin: the picture reads without the axis; the table has it in full. */}
            <LabelList dataKey={s.key} position="right" fill="var(--c-text)" fontSize={13} formatter={(v) => (typeof v === 'number' ? tickFormatter(v) : '')} />
          </Bar>
        ))}
      </BarChart>
    );
  }

  const stacked = spec.kind === 'stacked-bars';
  return (
    <BarChart {...chartProps} margin={{ top: 8, right: 16, bottom: 4, left: 4 }} barGap={2}>
      {defs}
      <CartesianGrid stroke="var(--c-line)" vertical={false} />
      <XAxis dataKey="label" tick={tick} axisLine={axisLine} tickLine={axisLine} minTickGap={16} />
      <YAxis width="auto" tick={tick} axisLine={axisLine} tickLine={axisLine} tickFormatter={tickFormatter} allowDecimals={unit.kind !== 'count'} />
      {tooltip('bar')}
      {spec.series.map((s, i) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          stackId={stacked ? 'stack' : undefined}
          fill={fillOf(i)}
          stroke={seriesStyle(i).colour}
          strokeWidth={1.5}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}
