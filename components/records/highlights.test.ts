import { describe, expect, it } from 'vitest';
import { openDeals, workSummary } from './highlights';
import type { Activity, Deal } from './record-types';

function activity(over: Partial<Activity>): Activity {
  return {
    id: Math.random().toString(36).slice(2),
    kind: 'call',
    subject: 's',
    body: null,
    dueAt: null,
    done: true,
    occurredAt: null,
    contactId: null,
    companyId: null,
    dealId: null,
    ownerId: null,
    latitude: null,
    longitude: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  } as Activity;
}

const now = new Date('2026-06-10T12:00:00.000Z');

describe('workSummary', () => {
  it('finds the latest contact, ignoring stage moves, and the soonest open task', () => {
    const call = activity({ kind: 'call', occurredAt: '2026-06-01T09:00:00.000Z' });
    const visit = activity({ kind: 'visit', occurredAt: '2026-06-05T09:00:00.000Z' });
    const move = activity({ kind: 'note', subject: 'Stage changed: Lead → Won', occurredAt: '2026-06-09T09:00:00.000Z' });
    const later = activity({ kind: 'task', done: false, dueAt: '2026-06-20T09:00:00.000Z' });
    const soon = activity({ kind: 'task', done: false, dueAt: '2026-06-12T09:00:00.000Z' });
    const late = activity({ kind: 'task', done: false, dueAt: '2026-06-08T09:00:00.000Z' });
    const doneTask = activity({ kind: 'task', done: true, dueAt: '2026-06-07T09:00:00.000Z', occurredAt: '2026-06-07T10:00:00.000Z' });
    const s = workSummary([call, move, later, visit, soon, late, doneTask], now);
    expect(s.last).toBe(doneTask);
    expect(s.next).toBe(late);
    expect(s.overdue).toBe(1);
  });

  it('is empty for a record with no activity', () => {
    expect(workSummary([], now)).toEqual({ last: null, next: null, overdue: 0 });
  });
});

describe('openDeals', () => {
  it('counts and sums only open deals, per currency', () => {
    const d = (status: Deal['status'], amountCents: number, currency: string) => ({ status, amountCents, currency }) as Deal;
    expect(openDeals([d('open', 100, 'EUR'), d('won', 500, 'EUR'), d('open', 250, 'EUR'), d('open', 10, 'USD'), d('lost', 7, 'USD')])).toEqual({
      count: 3,
      amountByCurrency: { EUR: 350, USD: 10 },
    });
  });
});
