// A phone that still holds a person the organization erased (review 20, finding 10): its
// offline edit comes back rejected `erased`, the phone keeps no change to restore, forgets what
// it had set aside about the record, and holds the server's tombstone.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { withSystem } from '@/lib/db/with-tenant';
import { eraseContact } from '@/lib/privacy/erase-contact';
import { createSyncDatabase, type SyncDatabase } from '@/sync/client/create-database';
import { startReplications, type SyncEngine } from '@/sync/client/replication';
import { toConflictDocs } from '@/sync/client/conflicts';
import { pushRows } from '@/sync/server/push';
import { contactDoc, createSyncTestDatabase, feedSettled, session, TENANT_A } from '@/sync/server/testing';
import { directTransport, type DirectTransport } from './direct-transport';

const owner = session(TENANT_A, 'owner');

describe('a phone pushing a change of an erased contact', () => {
  let t: TestDatabase;
  let db: SyncDatabase;
  let engine: SyncEngine;
  let transport: DirectTransport;
  const sync = async () => {
    await feedSettled(t.db);
    engine.resync();
    await engine.replications.contacts.awaitInSync();
  };

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    await withSystem(
      (tx) => tx.query(`WITH u AS (INSERT INTO users (id, email, name) VALUES ($1, 'owner@erased.test', 'Olive Owner')) INSERT INTO memberships (tenant_id, user_id, role) VALUES ($2, $1, 'owner')`, [owner.userId, TENANT_A]),
      t.db,
    );
    db = await createSyncDatabase({ name: `erased${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
    transport = directTransport(owner, t.db);
    engine = startReplications(db, transport, { identifier: 'test', retryTime: 20, waitForLeadership: false });
    await engine.replications.contacts.awaitInitialReplication();
  });
  afterAll(async () => {
    await engine?.cancel();
    await db?.remove();
    await t?.dispose();
  });

  it('keeps the refusal for its author without the values, no earlier conflict of the record, and holds the tombstone', async () => {
    const record = contactDoc({ firstName: 'Evander', lastName: 'Quillfeather', email: 'evander@erased.test' });
    await pushRows(owner, 'contacts', [{ newDocumentState: record }], t.db);
    await sync();
    // Something set aside about the record earlier (as a merge keeps it), and an offline edit.
    await db.conflicts.bulkUpsert(toConflictDocs('contacts', record.id, [{ kind: 'field', field: 'title', localValue: 'Keeper', serverValue: null }]));
    await engine.pause();
    transport.online = false;
    await (await db.contacts.findOne(record.id).exec())!.incrementalPatch({ title: 'Harbour Keeper' });
    await eraseContact(owner, record.id, t.db);
    transport.online = true;
    await engine.start();
    await sync();
    await expect.poll(async () => (await db.contacts.findOne(record.id).exec())?.toJSON() ?? null).toBeNull();
    // One notice: why the offline edit went, with the server's tombstone, not the person's values.
    const notices = (await db.conflicts.find().exec()).map((c) => c.toJSON());
    expect(notices).toEqual([expect.objectContaining({ recordId: record.id, kind: 'rejected', reason: expect.stringContaining('erased') })]);
    expect(JSON.stringify(notices)).not.toMatch(/Evander|Quillfeather|evander@|Keeper/);
  });
});
