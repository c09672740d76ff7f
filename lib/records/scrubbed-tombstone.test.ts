import { describe, expect, it } from 'vitest';
import { collectionDef } from '@/sync/schema/collections';
import { scrubbedTombstone, SCRUBBED_TEXT } from './scrubbed-tombstone';

const now = '2026-12-05T10:00:00.000Z';
const ids = { id: '0193a000-0000-7000-8000-000000000001', company: '0193a000-0000-7000-8000-000000000002', owner: '0193a000-0000-7000-8000-000000000003' };

describe('scrubbedTombstone', () => {
  it('removes a contact’s personal values but keeps its id, links and creation time', () => {
    const doc = {
      id: ids.id, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+44 20 1234', title: 'Countess',
      companyId: ids.company, ownerId: ids.owner, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z', _deleted: false,
    };
    const t = scrubbedTombstone(collectionDef('contacts'), doc, now);
    expect(t).toEqual({ ...doc, firstName: '', lastName: '', email: null, phone: null, title: null, updatedAt: now, _deleted: true });
    expect(JSON.stringify(t)).not.toMatch(/Ada|Lovelace|example|1234|Countess/);
    expect(collectionDef('contacts').wireSchema.safeParse(t).success).toBe(true);
  });

  it('removes an activity’s text and coordinates', () => {
    const doc = {
      id: ids.id, kind: 'visit', subject: 'Visit Ada', body: 'Met at home', dueAt: now, done: true, occurredAt: now, contactId: ids.company,
      companyId: null, dealId: null, ownerId: ids.owner, latitude: 51.5, longitude: -0.12, createdAt: now, updatedAt: now, _deleted: false,
    };
    const t = scrubbedTombstone(collectionDef('activities'), doc, now) as Record<string, unknown>;
    expect(t).toMatchObject({ subject: '', body: null, latitude: null, longitude: null, dueAt: null, occurredAt: null, contactId: ids.company, kind: 'visit', _deleted: true });
  });

  it('gives required non-empty text a placeholder, so every tombstone still validates', () => {
    const doc = {
      id: ids.id, name: 'Ada renewal', pipelineId: ids.company, stageId: 'won', amountCents: 100, currency: 'EUR', closeDate: '2026-01-02', status: 'won',
      companyId: null, contactId: ids.owner, ownerId: null, createdAt: now, updatedAt: now, _deleted: false,
    };
    const t = scrubbedTombstone(collectionDef('deals'), doc, now) as Record<string, unknown>;
    expect(t.name).toBe(SCRUBBED_TEXT);
    expect(t.closeDate).toBeNull();
    expect(t.currency).toBe('EUR');
    expect(collectionDef('deals').wireSchema.safeParse(t).success).toBe(true);
  });
});
