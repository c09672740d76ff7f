import { addRxPlugin } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '@/sync/schema/collections';
import { createSyncDatabase } from './create-database';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

describe('createSyncDatabase', () => {
  it('every derived schema passes RxDB dev-mode checks and validates documents', async () => {
    const db = await createSyncDatabase({ name: `devmode${Date.now()}`, storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }), multiInstance: false });
    try {
      expect(Object.keys(db.collections).sort()).toEqual([...COLLECTION_NAMES, 'conflicts'].sort());
      const at = '2026-11-22T09:00:00.000Z';
      const deal = {
        id: '01900000-0000-7000-8000-000000000001', name: 'D', pipelineId: '01900000-0000-7000-8000-000000000002', stageId: 'lead',
        amountCents: 100, currency: 'EUR', closeDate: null, status: 'open', companyId: null, contactId: null, ownerId: null, createdAt: at, updatedAt: at,
      };
      await db.deals.insert(deal);
      expect((await db.deals.findOne(deal.id).exec())?.toJSON()).toEqual(deal);
      await expect(db.deals.insert({ ...deal, id: '01900000-0000-7000-8000-000000000003', status: 'maybe' })).rejects.toThrow();
      await expect(db.deals.insert({ ...deal, id: '01900000-0000-7000-8000-000000000004', extra: 1 })).rejects.toThrow();
    } finally {
      await db.remove();
    }
  });
});
