// Shared with the browser: the pipeline-value chart's figures from the board's stage totals
// (pure, tested beside). Amounts in different currencies cannot share one axis, so the chart
// draws the currency most deals are in and says which deals it leaves out; the table beside it
// lists every currency.
import type { StageTotal } from '@/components/deals/deal-stages';
import { formatValue, peakRow, type ChartRow, type ChartSpec } from './chart-spec';

export interface PipelineValue {
  /** The currency the chart draws; null when there are no deals. */
  currency: string | null;
  /** Deals in other currencies, which only the table shows. */
  otherDeals: number;
  otherCurrencies: string[];
  spec: ChartSpec;
  summary: string;
}

/** The currency most deals are in (on a tie the larger sum, then alphabetical); null without deals. */
export function mainCurrency(totals: readonly StageTotal[]): string | null {
  const count = new Map<string, { deals: number; cents: number }>();
  for (const t of totals) {
    for (const d of t.deals) {
      const c = count.get(d.currency) ?? { deals: 0, cents: 0 };
      c.deals += 1;
      c.cents += d.amountCents;
      count.set(d.currency, c);
    }
  }
  const ranked = [...count].sort(([a, x], [b, y]) => y.deals - x.deals || y.cents - x.cents || a.localeCompare(b));
  return ranked[0]?.[0] ?? null;
}

/** Value per stage in the main currency, in pipeline order, with its summary sentence. */
export function pipelineValue(totals: readonly StageTotal[]): PipelineValue {
  const currency = mainCurrency(totals);
  const unit = { kind: 'money', currency: currency ?? 'EUR' } as const;
  const rows: ChartRow[] = currency === null ? [] : totals.map((t) => ({ label: t.stage.name, value: (t.amountByCurrency[currency] ?? 0) / 100 }));
  const others = totals.flatMap((t) => t.deals.filter((d) => d.currency !== currency));
  const otherCurrencies = [...new Set(others.map((d) => d.currency))].sort();
  const spec: ChartSpec = { kind: 'ranked-bars', rows, series: [{ key: 'value', label: `Value in ${unit.currency}` }], unit };
  const peak = peakRow(rows, 'value');
  const total = rows.reduce((n, r) => n + (r.value as number), 0);
  const summary =
    currency === null
      ? 'No deals in this pipeline yet.'
      : `${formatValue(total, unit)} in ${currency} across ${rows.length} ${rows.length === 1 ? 'stage' : 'stages'}` +
        (peak ? `; the most in ${peak.label} (${formatValue(peak.value as number, unit)})` : '') +
        '.' +
        (others.length > 0
          ? ` ${others.length} ${others.length === 1 ? 'deal' : 'deals'} in ${otherCurrencies.join(', ')} ${others.length === 1 ? 'is' : 'are'} in the table only.`
          : '');
  return { currency, otherDeals: others.length, otherCurrencies, spec, summary };
}
