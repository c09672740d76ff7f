// Shared with the browser: how amounts and dates are written on screen and read from forms.

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "€1,250" (whole units when there are no cents). */
export function formatMoney(amountCents: number, currency: string): string {
  const whole = amountCents % 100 === 0;
  const key = `${currency}|${whole}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
    moneyFormats.set(key, f);
  }
  return f.format(amountCents / 100);
}

/**
 * Reads an amount typed by a person ("1200", "1,200.50", "1 200") into cents; null when it
 * is not a non-negative amount with at most two decimals.
 */
export function parseAmountToCents(text: string): number | null {
  const cleaned = text.replace(/[\s,\u00a0']/g, '').replace(/^[€$£]/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole = '0', frac = ''] = cleaned.split('.');
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents back to what the amount field shows ("1200.5" → "1200.50"). */
export function centsToInput(amountCents: number): string {
  return amountCents % 100 === 0 ? String(amountCents / 100) : (amountCents / 100).toFixed(2);
}

// Dates are written one way across the product (lib/design/dates.ts).
export { formatDateTime, formatDay } from '@/lib/design/dates';

/** The local calendar day of an instant, as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Tasks without a time are due at the end of the working day. */
const DUE_HOUR = 17;

/** When a task picked for a YYYY-MM-DD day is due: 17:00 that day on this device, as ISO. */
export function dueAtOnDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!, DUE_HOUR).toISOString();
}

/** "€12,000" or "€12,000 + $500"; "€0" when empty. */
export function formatTotals(amountByCurrency: Readonly<Record<string, number>>): string {
  const parts = Object.entries(amountByCurrency)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, cents]) => formatMoney(cents, currency));
  return parts.length ? parts.join(' + ') : formatMoney(0, 'EUR');
}
