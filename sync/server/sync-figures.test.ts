import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { tenantTraffic } from '@/lib/observability/tenant-traffic';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, dealDoc, session, settledPull, TENANT_A, TENANT_B } from './testing';

// The health page of an organization shows its own sync figures (documents pushed, pulled,
// conflicts), counted per tenant, never another organization's.

const ownerA = session(TENANT_A, 'owner');
const ownerB = session(TENANT_B, 'owner');
let t: TestDatabase;
beforeAll(async () => {
  t = await createSyncTestDatabase();
});
afterAll(async () => {
  await t.dispose();
});

const sync = (tenantId: string) => {
  const { syncPushed, syncPulled, syncConflicts } = tenantTraffic(tenantId).totals;
  return { syncPushed, syncPulled, syncConflicts };
};

describe('per-organization sync figures', () => {
  it('counts pushed and pulled documents and conflicts for the pushing organization only, in the totals and the minute', async () => {
    const a0 = sync(TENANT_A);
    const b0 = sync(TENANT_B);
    const deal = dealDoc();
    expect(await pushChanges(ownerA, 'deals', [{ newDocumentState: deal }], t.db)).toEqual([]);
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: contactDoc() }, { newDocumentState: contactDoc() }], t.db);
    // A stale client: its assumed state is not the server's, so the row is a conflict.
    await pushChanges(ownerA, 'deals', [{ newDocumentState: { ...deal, amountCents: 5 } }], t.db);
    const pulled = (await settledPull(ownerA, 'contacts', { limit: 100 }, t.db)).documents.length;
    expect(pulled).toBeGreaterThanOrEqual(2);

    const a1 = sync(TENANT_A);
    expect(a1.syncPushed - a0.syncPushed).toBe(4);
    expect(a1.syncConflicts - a0.syncConflicts).toBe(1);
    expect(a1.syncPulled - a0.syncPulled).toBeGreaterThanOrEqual(pulled);
    expect(sync(TENANT_B)).toEqual(b0);
    // The per-minute series (completed minutes: read a minute ahead) holds them too.
    const series = tenantTraffic(TENANT_A, 15, Date.now() + 60_000).series;
    expect(series.reduce((n, m) => n + m.syncPushed, 0)).toBe(a1.syncPushed);

    await settledPull(ownerB, 'contacts', { limit: 100 }, t.db);
    expect(sync(TENANT_A).syncPulled).toBe(a1.syncPulled);
  });
});
