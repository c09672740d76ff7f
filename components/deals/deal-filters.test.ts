import { describe, expect, it } from 'vitest';
import type { Deal } from '@/components/records/record-types';
import { activeFilterCount, dealSearchTexts, findDeals, NO_DEAL_FILTERS, type DealFilters } from './deal-filters';

let n = 0;
function deal(p: Partial<Deal>): Deal {
  n += 1;
  return {
    id: `d${String(n).padStart(3, '0')}`,
    name: `Deal ${n}`,
    pipelineId: 'p',
    stageId: 'lead',
    amountCents: 100_000,
    currency: 'EUR',
    closeDate: null,
    status: 'open',
    companyId: null,
    contactId: null,
    ownerId: 'me',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...p,
  };
}

const now = new Date(2026, 10, 20, 12); // 20 Nov 2026, local noon
const names = (deals: Deal[]) => deals.map((d) => d.name);
const find = (deals: Deal[], f: Partial<DealFilters>, companies?: Map<string, string>) => names(findDeals(deals, { ...NO_DEAL_FILTERS, ...f }, now, dealSearchTexts(deals, companies)));

describe('finding deals', () => {
  const deals = [
    deal({ name: 'Fleet contract', companyId: 'c1', amountCents: 4_500_000, closeDate: '2026-11-10', updatedAt: '2026-11-01T00:00:00.000Z' }),
    deal({ name: 'Pilot order', ownerId: 'other', stageId: 'won', status: 'won', amountCents: 900_000, closeDate: '2026-11-02', updatedAt: '2026-11-05T00:00:00.000Z' }),
    deal({ name: 'Zoë expansion', amountCents: 7_000_000, closeDate: '2026-12-15', updatedAt: '2026-10-01T00:00:00.000Z' }),
    deal({ name: 'Annual agreement', ownerId: null, amountCents: 1_000_000, updatedAt: '2026-11-19T00:00:00.000Z' }),
    deal({ name: 'Service deal', closeDate: '2027-02-10', amountCents: 999_999 }),
  ];

  it('searches names without accents or case, amounts, and the company’s name', () => {
    expect(find(deals, { query: 'zoe' })).toEqual(['Zoë expansion']);
    expect(find(deals, { query: '45000' })).toEqual(['Fleet contract']);
    // As the screens write it, with a thousands separator.
    expect(find(deals, { query: '45,000' })).toEqual(['Fleet contract']);
    expect(find(deals, { query: 'globex fleet' }, new Map([['c1', 'Globex Ltd']]))).toEqual(['Fleet contract']);
    expect(find(deals, { query: 'globex' })).toEqual([]);
  });

  it('filters by owner, stage, close date window and amount band', () => {
    expect(find(deals, { owner: 'other' })).toEqual(['Pilot order']);
    expect(find(deals, { stage: 'won' })).toEqual(['Pilot order']);
    // Past its date and still open: the won deal closed on time is not overdue.
    expect(find(deals, { close: 'overdue' })).toEqual(['Fleet contract']);
    expect(find(deals, { close: 'this-month', sort: 'name' })).toEqual(['Fleet contract', 'Pilot order']);
    expect(find(deals, { close: 'next-30' })).toEqual(['Zoë expansion']);
    expect(find(deals, { close: 'next-90', sort: 'close' })).toEqual(['Zoë expansion', 'Service deal']);
    expect(find(deals, { close: 'none' })).toEqual(['Annual agreement']);
    // Bands meet without overlap: 10,000.00 is medium, 9,999.99 small.
    expect(find(deals, { amount: 'small', sort: 'name' })).toEqual(['Pilot order', 'Service deal']);
    expect(find(deals, { amount: 'medium', sort: 'name' })).toEqual(['Annual agreement', 'Fleet contract']);
    expect(find(deals, { amount: 'large' })).toEqual(['Zoë expansion']);
    expect(find(deals, { owner: 'me', amount: 'medium', close: 'overdue' })).toEqual(['Fleet contract']);
  });

  it('sorts by last change, close date (none last), amount or name', () => {
    expect(find(deals, {})).toEqual(['Annual agreement', 'Pilot order', 'Fleet contract', 'Zoë expansion', 'Service deal']);
    expect(find(deals, { sort: 'close' })).toEqual(['Pilot order', 'Fleet contract', 'Zoë expansion', 'Service deal', 'Annual agreement']);
    expect(find(deals, { sort: 'amount' })).toEqual(['Zoë expansion', 'Fleet contract', 'Annual agreement', 'Service deal', 'Pilot order']);
    expect(find(deals, { sort: 'name' })).toEqual(['Annual agreement', 'Fleet contract', 'Pilot order', 'Service deal', 'Zoë expansion']);
  });

  it('counts the filters behind the button, not search or sort', () => {
    expect(activeFilterCount({ ...NO_DEAL_FILTERS, query: 'x', sort: 'name' })).toBe(0);
    expect(activeFilterCount({ ...NO_DEAL_FILTERS, owner: 'me', close: 'none' })).toBe(2);
  });
});
