// The phone's backstop: every local write runs the server's record rules before it is queued.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSyncDatabase, type SyncDatabase } from '@/sync/client/create-database';
import { setRecordActor } from '@/sync/client/record-actor';
import { createRecord, deleteRecord, RecordRefusedError, updateRecord } from './record-writes';

const me = '00000000-0000-7000-8000-000000000001';
const other = '00000000-0000-7000-8000-000000000002';
const contact = (ownerId: string | null) => ({ firstName: 'Ada', lastName: 'Lovelace', email: null, phone: null, title: null, companyId: null, ownerId });

describe('record writes on the phone', () => {
  let db: SyncDatabase;
  beforeAll(async () => {
    db = await createSyncDatabase({ name: `writes${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
  });
  afterEach(() => setRecordActor(null));
  afterAll(async () => {
    await db.remove();
  });

  it("a rep changes their own contact but not someone else's, and nothing is queued for the refused one", async () => {
    setRecordActor({ userId: me, role: 'manager' });
    const theirs = await createRecord(db, 'contacts', contact(other));
    setRecordActor({ userId: me, role: 'rep' });
    const mine = await createRecord(db, 'contacts', contact(me));
    await updateRecord(db, 'contacts', mine.id, { title: 'Buyer' });
    await expect(updateRecord(db, 'contacts', theirs.id, { title: 'Hijacked' })).rejects.toThrow(RecordRefusedError);
    await expect(updateRecord(db, 'contacts', mine.id, { ownerId: other })).rejects.toThrow('You can only own contacts yourself');
    await expect(deleteRecord(db, 'contacts', theirs.id)).rejects.toThrow('Only its owner or a manager can delete this contact');
    expect((await db.contacts.findOne(theirs.id).exec())!.toJSON()).toMatchObject({ title: null, ownerId: other });
    expect((await db.contacts.findOne(mine.id).exec())!.toJSON()).toMatchObject({ title: 'Buyer', ownerId: me });
  });

  it('an auditor creates nothing, with the reason', async () => {
    setRecordActor({ userId: me, role: 'auditor' });
    const before = await db.contacts.count().exec();
    await expect(createRecord(db, 'contacts', contact(me))).rejects.toThrow('Your role (auditor) can read records but not create them.');
    expect(await db.contacts.count().exec()).toBe(before);
  });
});
