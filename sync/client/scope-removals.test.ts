import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import type { WithDeleted } from 'rxdb';
import { createSyncDatabase, type SyncDoc } from './create-database';
import { ScopeRemovals } from './scope-removals';

const at = '2026-11-22T09:00:00.000Z';
const contact = (id: string) => ({ id, firstName: 'A', lastName: id, email: null, phone: null, title: null, companyId: null, ownerId: null, createdAt: at, updatedAt: at });
const removal = (id: string) => ({ ...contact(id), _deleted: true }) as unknown as WithDeleted<SyncDoc>;
const doc = (id: string) => ({ ...contact(id), _deleted: false }) as unknown as WithDeleted<SyncDoc>;
const HELD = '01900000-0000-7000-8000-000000000001';
const OTHER = '01900000-0000-7000-8000-000000000002';

describe('ScopeRemovals', () => {
  it('keeps removals of held records only, and sends one again with each page after a push the server answered out of scope, until it is applied or the record comes back', async () => {
    const db = await createSyncDatabase({ name: `removals${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
    try {
      await db.contacts.insert(contact(HELD));
      const removals = new ScopeRemovals(db.contacts);
      // A removal of a record never held would store a tombstone: dropped. Documents pass.
      const kept = await removals.filterPulled([removal(HELD), removal(OTHER), doc('01900000-0000-7000-8000-000000000003')]);
      expect(kept.map((d) => [d.id, d._deleted])).toEqual([
        [HELD, true],
        ['01900000-0000-7000-8000-000000000003', false],
      ]);
      // The push of a record with no removal waiting: nothing to send.
      expect(removals.afterPush([{ id: OTHER, outOfScope: true }])).toBe(false);
      expect(removals.takeDue([])).toEqual([]);
      // Answered out of scope: the removal goes with every page until one finds it applied
      // (RxDB may drop it when it comes before RxDB has stored the push's answer).
      expect(removals.afterPush([{ id: HELD, outOfScope: true }])).toBe(true);
      expect(removals.takeDue([]).map((d) => d.id)).toEqual([HELD]);
      await removals.filterPulled([]);
      expect(removals.takeDue([]).map((d) => d.id)).toEqual([HELD]);
      // A page that holds the record itself supersedes the removal.
      expect(removals.takeDue([doc(HELD)])).toEqual([]);
      // The record came back into scope before the removal was applied: not due any more.
      await removals.filterPulled([doc(HELD)]);
      expect(removals.takeDue([])).toEqual([]);
      expect(removals.afterPush([{ id: HELD, outOfScope: true }])).toBe(false);
      // A new removal, then a push answered in scope: forgotten.
      await removals.filterPulled([removal(HELD)]);
      expect(removals.afterPush([{ id: HELD }])).toBe(false);
      expect(removals.afterPush([{ id: HELD, outOfScope: true }])).toBe(false);
      expect(removals.takeDue([])).toEqual([]);
      // Applied: the next pull finds the record gone, and the removal is no longer due.
      await removals.filterPulled([removal(HELD)]);
      expect(removals.afterPush([{ id: HELD, outOfScope: true }])).toBe(true);
      await (await db.contacts.findOne(HELD).exec())!.remove();
      await removals.filterPulled([]);
      expect(removals.takeDue([])).toEqual([]);
    } finally {
      await db.remove();
    }
  });

  it('checks again after 1 s, backing off to 30 s while a removal does not land (its record\'s change keeps waiting), and soon again after the next push', async () => {
    const db = await createSyncDatabase({ name: `removalwait${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
    try {
      await db.contacts.insert(contact(HELD));
      const removals = new ScopeRemovals(db.contacts);
      await removals.filterPulled([removal(HELD)]);
      expect(removals.afterPush([{ id: HELD, outOfScope: true }])).toBe(true);
      const waits: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        expect(removals.takeDue([]).map((d) => d.id)).toEqual([HELD]);
        waits.push(removals.dueRetryMs());
        await removals.filterPulled([]);
      }
      expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
      // A later push answered out of scope again: check soon.
      expect(removals.afterPush([{ id: HELD, outOfScope: true }])).toBe(true);
      expect(removals.takeDue([])).toHaveLength(1);
      expect(removals.dueRetryMs()).toBe(1_000);
    } finally {
      await db.remove();
    }
  });
});
