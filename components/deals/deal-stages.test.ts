import { describe, expect, it } from 'vitest';
import type { Deal, Stage } from '@/components/records/record-types';
import { formatTotals } from '@/components/records/format';
import { stageChangeSubject, stageTotals, statusForStage } from './deal-stages';
import { isStageChange } from '@/components/records/activity-kinds';

const stages: Stage[] = [
  { id: 'lead', name: 'Lead', probability: 10 },
  { id: 'won', name: 'Won', probability: 100 },
  { id: 'lost', name: 'Lost', probability: 0 },
];

function deal(stageId: string, amountCents: number, currency = 'EUR'): Deal {
  return {
    id: `${stageId}-${amountCents}-${currency}`,
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

describe('stage totals', () => {
  it('groups deals by stage in pipeline order and sums per currency', () => {
    const totals = stageTotals([deal('won', 500_00), deal('lead', 100_00), deal('lead', 250_00), deal('lead', 10_00, 'USD'), deal('gone', 1)], stages);
    expect(totals.map((t) => [t.stage.id, t.deals.length, t.amountByCurrency])).toEqual([
      ['lead', 3, { EUR: 350_00, USD: 10_00 }],
      ['won', 1, { EUR: 500_00 }],
      ['lost', 0, {}],
    ]);
    expect(formatTotals(totals[0]!.amountByCurrency)).toBe('€350 + $10');
    expect(formatTotals({})).toBe('€0');
  });

  it('derives the status from the stage and writes history notes it can recognise', () => {
    expect(stages.map(statusForStage)).toEqual(['open', 'won', 'lost']);
    const subject = stageChangeSubject('Lead', 'Won');
    expect(subject).toBe('Stage changed: Lead → Won');
    expect(isStageChange({ kind: 'note', subject })).toBe(true);
    expect(isStageChange({ kind: 'call', subject })).toBe(false);
  });
});
