// Shared with the browser: finding deals on the board and in the list (pure, tested beside).
// Everything runs over the deals this phone holds, so it works offline.
import { localDay } from '@/components/records/format';
import type { Deal } from '@/components/records/record-types';
import { compareText, matchesTerms, queryTerms, searchTextOf } from '@/components/records/search';

export const CLOSE_WINDOWS = [
  { id: 'any', label: 'Any close date' },
  { id: 'overdue', label: 'Past its close date, still open' },
  { id: 'this-month', label: 'Closing this month' },
  { id: 'next-30', label: 'Closing in the next 30 days' },
  { id: 'next-90', label: 'Closing in the next 90 days' },
  { id: 'none', label: 'No close date' },
] as const;
export type CloseWindow = (typeof CLOSE_WINDOWS)[number]['id'];

/** Bands of the amount in the deal's own currency (whole units). */
export const AMOUNT_BANDS = [
  { id: 'any', label: 'Any amount', min: 0, max: Infinity },
  { id: 'small', label: 'Under 10,000', min: 0, max: 1_000_000 },
  { id: 'medium', label: '10,000 to 50,000', min: 1_000_000, max: 5_000_000 },
  { id: 'large', label: '50,000 or more', min: 5_000_000, max: Infinity },
] as const;
export type AmountBand = (typeof AMOUNT_BANDS)[number]['id'];

export const DEAL_SORTS = [
  { id: 'recent', label: 'Recently changed' },
  { id: 'close', label: 'Close date, soonest' },
  { id: 'amount', label: 'Amount, largest' },
  { id: 'name', label: 'Name, A to Z' },
] as const;
export type DealSort = (typeof DEAL_SORTS)[number]['id'];

export interface DealFilters {
  query: string;
  /** 'anyone', or a user id (the viewer's own for "Me"). */
  owner: string;
  /** 'any', or a stage id of the pipeline. */
  stage: string;
  close: CloseWindow;
  amount: AmountBand;
  sort: DealSort;
}

export const NO_DEAL_FILTERS: DealFilters = { query: '', owner: 'anyone', stage: 'any', close: 'any', amount: 'any', sort: 'recent' };

/** How many of the filters behind the Filters button are set (search and sort are always in view). */
export function activeFilterCount(f: DealFilters): number {
  return [f.owner !== 'anyone', f.stage !== 'any', f.close !== 'any', f.amount !== 'any'].filter(Boolean).length;
}

/**
 * The deals that match, in the chosen order. A search matches the texts of dealSearchTexts,
 * made once per set of deals rather than on every keystroke.
 */
export function findDeals(deals: readonly Deal[], f: DealFilters, now: Date, texts?: ReadonlyMap<string, string>): Deal[] {
  const terms = queryTerms(f.query);
  const haystack = terms.length > 0 ? (texts ?? dealSearchTexts(deals)) : null;
  const today = localDay(now);
  const inWindow = closeTest(f.close, now, today);
  const band = AMOUNT_BANDS.find((b) => b.id === f.amount) ?? AMOUNT_BANDS[0];
  const kept = deals.filter(
    (d) =>
      (f.owner === 'anyone' || d.ownerId === f.owner) &&
      (f.stage === 'any' || d.stageId === f.stage) &&
      inWindow(d) &&
      d.amountCents >= band.min &&
      d.amountCents < band.max &&
      (haystack === null || matchesTerms(haystack.get(d.id) ?? '', terms)),
  );
  return kept.sort(SORTS[f.sort]);
}

/** What each deal is found by: its name, its amount and the name of its company (those in `companyNames`). */
export function dealSearchTexts(deals: readonly Deal[], companyNames: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  return new Map(deals.map((d) => [d.id, searchTextOf([d.name, String(d.amountCents / 100), d.companyId ? companyNames.get(d.companyId) : null])]));
}

function closeTest(window: CloseWindow, now: Date, today: string): (d: Deal) => boolean {
  const inDays = (n: number) => localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + n));
  switch (window) {
    case 'any':
      return () => true;
    case 'none':
      return (d) => d.closeDate === null;
    case 'overdue':
      return (d) => d.status === 'open' && d.closeDate !== null && d.closeDate < today;
    case 'this-month': {
      const month = today.slice(0, 7);
      return (d) => d.closeDate !== null && d.closeDate.slice(0, 7) === month;
    }
    case 'next-30':
    case 'next-90': {
      const last = inDays(window === 'next-30' ? 30 : 90);
      return (d) => d.closeDate !== null && d.closeDate >= today && d.closeDate <= last;
    }
  }
}

const SORTS: Record<DealSort, (a: Deal, b: Deal) => number> = {
  recent: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id),
  close: (a, b) => (a.closeDate ?? '9').localeCompare(b.closeDate ?? '9') || compareText(a.name, b.name),
  amount: (a, b) => b.amountCents - a.amountCents || compareText(a.name, b.name),
  name: (a, b) => compareText(a.name, b.name) || a.id.localeCompare(b.id),
};
