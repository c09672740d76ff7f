import { describe, expect, it } from 'vitest';
import { stageTotals } from '@/components/deals/deal-stages';
import type { Deal, Stage } from '@/components/records/record-types';
import { mainCurrency, pipelineValue } from './pipeline-value';

const stages: Stage[] = [
  { id: 'lead', name: 'Lead', probability: 10 },
  { id: 'offer', name: 'Offer', probability: 60 },
  { id: 'won', name: 'Won', probability: 100 },
];

let n = 0;
function deal(stageId: string, amountCents: number, currency = 'EUR'): Deal {
  n += 1;
  return {
    id: `d${n}`,
    name: 'd',
    pipelineId: 'p',
    stageId,
    amountCents,
    currency,
    closeDate: null,
    status: 'open',
    companyId: null,
    contactId: null,
    ownerId: null,
    createdAt: '',
    updatedAt: '',
  };
}

describe('pipeline value by stage', () => {
  it('charts the currency most deals are in, per stage in pipeline order, in major units', () => {
    const totals = stageTotals([deal('lead', 100_00), deal('lead', 250_00), deal('won', 1_000_00), deal('offer', 5_000_00, 'USD')], stages);
    const v = pipelineValue(totals);
    expect(v.currency).toBe('EUR');
    expect(v.spec.kind).toBe('ranked-bars');
    expect(v.spec.rows).toEqual([
      { label: 'Lead', value: 350 },
      { label: 'Offer', value: 0 },
      { label: 'Won', value: 1000 },
    ]);
    expect(v.spec.unit).toEqual({ kind: 'money', currency: 'EUR' });
    expect(v.otherDeals).toBe(1);
    expect(v.otherCurrencies).toEqual(['USD']);
    // The summary names the currency and what the picture leaves out.
    expect(v.summary).toBe('€1,350 in EUR across 3 stages; the most in Won (€1,000). 1 deal in USD is in the table only.');
  });

  it('breaks a tie of deal counts by the larger sum, then by name', () => {
    expect(mainCurrency(stageTotals([deal('lead', 10_00, 'USD'), deal('lead', 20_00, 'EUR')], stages))).toBe('EUR');
    expect(mainCurrency(stageTotals([deal('lead', 10_00, 'USD'), deal('lead', 10_00, 'EUR')], stages))).toBe('EUR');
  });

  it('says so when there are no deals, and draws nothing', () => {
    const v = pipelineValue(stageTotals([], stages));
    expect(v.currency).toBeNull();
    expect(v.spec.rows).toEqual([]);
    expect(v.summary).toBe('No deals in this pipeline yet.');
  });
});
