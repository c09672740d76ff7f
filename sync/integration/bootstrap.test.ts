// A first sync from the server's snapshot (sync/client/bootstrap.ts) against the real server
// functions: what it stores, that the replication carries on from it in both directions, that
// nothing written here during it is lost, and that an interrupted one resumes.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getChangedDocumentsSince, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { createSyncDatabase, type SyncDatabase } from '@/sync/client/create-database';
import { startReplications, type SnapshotProgress, type SyncEngine } from '@/sync/client/replication';
import { SyncRequestError, type SyncTransport } from '@/sync/client/transport';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { pushRows } from '@/sync/server/push';
import { contactDoc, createSyncTestDatabase, feedSettled, session, settledPull, TENANT_A, TENANT_B } from '@/sync/server/testing';
import { directTransport } from './direct-transport';

const ownerA = session(TENANT_A, 'owner');
const repA = session(TENANT_A, 'rep');
const ownerB = session(TENANT_B, 'owner');
const PAGE = 5;

/** Records every pull, and can run something before a given pull (1-based) or fail from it on. */
function watched(inner: SyncTransport) {
  const pulls: { checkpoint: unknown; limit: number }[] = [];
  const w = {
    pulls,
    before: new Map<number, () => Promise<void>>(),
    failFrom: Infinity,
    pushes: [] as { assumed: boolean; id: string }[][],
    transport: {
      async pull(collection: string, body: { checkpoint: unknown; limit: number }) {
        pulls.push(body);
        await w.before.get(pulls.length)?.();
        if (pulls.length >= w.failFrom) throw new SyncRequestError(0, 'offline', 'offline');
        return inner.pull(collection, body as never);
      },
      async push(collection: string, rows: Parameters<SyncTransport['push']>[1]) {
        w.pushes.push(rows.map((r) => ({ assumed: r.assumedMasterState !== undefined, id: r.newDocumentState.id })));
        return inner.push(collection, rows);
      },
    } satisfies SyncTransport,
  };
  return w;
}

// Dexie (the browser's storage, here on fake-indexeddb) takes the bulk-add path; memory takes RxDB's bulk write.
const STORAGES: [string, () => RxStorage<unknown, unknown>][] = [
  ['dexie', () => getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>],
  ['memory', () => getRxStorageMemory() as RxStorage<unknown, unknown>],
];

describe.each(STORAGES)('first sync from a snapshot (%s storage)', (_storageName, storage) => {
  let t: TestDatabase;
  const open: { db: SyncDatabase; engine: SyncEngine }[] = [];
  const seeded: AnyWireDoc[] = [];

  const openDb = (name: string) => createSyncDatabase({ name: `${name}${Date.now()}${Math.random().toString(16).slice(2)}`, storage: storage(), multiInstance: false, collections: ['contacts'] });
  const start = (db: SyncDatabase, transport: SyncTransport, onSnapshotProgress?: (p: SnapshotProgress) => void) => {
    const engine = startReplications(db, transport, { identifier: 'boot', retryTime: 20, waitForLeadership: false, snapshotPageSize: PAGE, backoffMs: { base: 10, max: 50 }, onSnapshotProgress });
    open.push({ db, engine });
    return engine;
  };
  const settle = async (engine: SyncEngine) => {
    await feedSettled(t.db);
    await engine.replications.contacts.awaitInitialReplication();
    engine.resync();
    await engine.replications.contacts.awaitInSync();
  };
  const serverDoc = async (id: string) => (await settledPull(ownerA, 'contacts', { limit: 1000 }, t.db)).documents.find((d) => d.id === id);
  const metaRows = async (engine: SyncEngine) => {
    const { documents } = await getChangedDocumentsSince(engine.replications.contacts.metaInstance!, 10_000);
    return (documents as { isCheckpoint: string }[]).filter((d) => d.isCheckpoint === '0').length;
  };

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    for (let i = 0; i < 12; i += 1) seeded.push(contactDoc({ lastName: `Seed${i}`, ownerId: repA.userId }));
    await pushRows(ownerA, 'contacts', seeded.map((d) => ({ newDocumentState: d })), t.db);
    await pushRows(ownerB, 'contacts', [{ newDocumentState: contactDoc({ lastName: 'OtherTenant' }) }], t.db);
    await feedSettled(t.db);
  });
  afterAll(async () => {
    for (const o of open) {
      await o.engine.cancel();
      await o.db.remove();
    }
    await t?.dispose();
  });

  it('stores the snapshot page by page with no replication meta, reports progress, then follows server changes', async () => {
    const db = await openDb('snap');
    const w = watched(directTransport(ownerA, t.db));
    const progress: number[] = [];
    const totals = new Set<number | null>();
    let lastLoading: string[] = ['not called'];
    const counted: number[] = [];
    const counting = db.contacts.count().$.subscribe((n) => counted.push(n));
    const engine = start(db, w.transport, (p) => {
      lastLoading = [...p.loading];
      const stored = p.collections.contacts?.stored ?? -1;
      if (progress.at(-1) !== stored) progress.push(stored);
      totals.add(p.collections.contacts?.total ?? null);
    });
    await settle(engine);

    const local = (await db.contacts.find().exec()).map((d) => d.toJSON());
    expect(local.map((d) => d.lastName).sort()).toEqual(seeded.map((d) => d.lastName).sort()); // no other tenant's record
    // Pages of 5 from the start, then the replication from where the snapshot ended.
    expect(w.pulls.slice(0, 3).map((p) => p.limit)).toEqual([PAGE, PAGE, PAGE]);
    expect(w.pulls[0]!.checkpoint).toBeNull();
    expect(progress).toEqual([0, 5, 10, 12]);
    await expect.poll(() => lastLoading).toEqual([]); // and it says when it is done
    expect([...totals]).toEqual([null, 12]); // counted by the server with the first page
    // A live query heard every page as it was stored (the pages announce RxDB's change events).
    await expect.poll(() => counted.at(-1)).toBe(12);
    expect(counted.length).toBeGreaterThan(2);
    counting.unsubscribe();
    expect(await metaRows(engine)).toBe(0);
    expect(w.pushes.flat()).toEqual([]); // the snapshot is not sent back

    // A server change of a snapshot record arrives, and so does a new record.
    const changed = { ...seeded[3]!, title: 'Changed on the server', updatedAt: new Date().toISOString() };
    await pushRows(ownerA, 'contacts', [{ assumedMasterState: seeded[3]!, newDocumentState: changed }], t.db);
    const added = contactDoc({ lastName: 'Added later' });
    await pushRows(ownerA, 'contacts', [{ newDocumentState: added }], t.db);
    await settle(engine);
    expect((await db.contacts.findOne(changed.id).exec())!.title).toBe('Changed on the server');
    expect(await db.contacts.findOne(added.id).exec()).not.toBeNull();
    seeded[3] = changed;
  });

  it('an edit of a snapshot record is pushed against its snapshot state: accepted, or merged field by field', async () => {
    const db = await openDb('edit');
    const w = watched(directTransport(ownerA, t.db));
    const engine = start(db, w.transport);
    await settle(engine);

    await (await db.contacts.findOne(seeded[0]!.id).exec())!.incrementalPatch({ title: 'Edited here' });
    await settle(engine);
    expect(w.pushes.flat()).toEqual([{ assumed: true, id: seeded[0]!.id }]);
    expect(await serverDoc(seeded[0]!.id)).toMatchObject({ title: 'Edited here' });

    // Another field changed on the server meanwhile: both changes survive, no conflict is stored.
    await engine.pause();
    await pushRows(ownerA, 'contacts', [{ assumedMasterState: seeded[1]!, newDocumentState: { ...seeded[1]!, phone: '+1 555 0100' } }], t.db);
    await (await db.contacts.findOne(seeded[1]!.id).exec())!.incrementalPatch({ email: 'here@example.test' });
    await engine.start();
    await settle(engine);
    // The merge is pushed by a second round, which settle() can resolve before (see conflicts.test.ts).
    await expect.poll(() => serverDoc(seeded[1]!.id)).toMatchObject({ phone: '+1 555 0100', email: 'here@example.test' });
    // The phone holds the merge once a pull has run after it: a pull of the server's version
    // from before the merge can land after the merged push (CI on Postgres, 2026-12-05: email
    // null here while the server already held both). In the app the live stream's event for the
    // merged push starts that pull; this test has no stream, so it asks for one (settle).
    await settle(engine);
    await expect
      .poll(async () => (await db.contacts.findOne(seeded[1]!.id).exec())!.toJSON())
      .toMatchObject({ phone: '+1 555 0100', email: 'here@example.test' });
    expect(await db.conflicts.count().exec()).toBe(0);

    // The same field changed on both sides: the server's value wins and the local one is kept to restore.
    await engine.pause();
    await pushRows(ownerA, 'contacts', [{ assumedMasterState: seeded[2]!, newDocumentState: { ...seeded[2]!, title: 'Server title' } }], t.db);
    await (await db.contacts.findOne(seeded[2]!.id).exec())!.incrementalPatch({ title: 'Local title' });
    await engine.start();
    await settle(engine);
    const kept = (await db.conflicts.find().exec()).map((d) => d.toJSON());
    expect(kept).toEqual([expect.objectContaining({ recordId: seeded[2]!.id, field: 'title', localValue: '"Local title"', serverValue: '"Server title"' })]);

    // A deletion is a write too: pushed against its snapshot state, accepted.
    await (await db.contacts.findOne(seeded[4]!.id).exec())!.remove();
    await settle(engine);
    expect(w.pushes.flat()).toContainEqual({ assumed: true, id: seeded[4]!.id });
    expect(await serverDoc(seeded[4]!.id)).toMatchObject({ _deleted: true });
    expect(await db.conflicts.count().exec()).toBe(1);

    // Copy on write: a record nobody edited here stores no copy of its snapshot state.
    const [untouched] = await db.contacts.storageInstance.findDocumentsById([seeded[5]!.id], false);
    expect(untouched!._meta).not.toHaveProperty('crmBase');
  });

  it('a record written here while the snapshot loads is pushed once the snapshot is stored', async () => {
    const db = await openDb('during');
    const w = watched(directTransport(ownerA, t.db));
    const mine = contactDoc({ lastName: 'Written during the snapshot', ownerId: ownerA.userId });
    w.before.set(2, async () => {
      await db.contacts.insert(mine as never);
    });
    const engine = start(db, w.transport);
    await settle(engine);
    expect(w.pushes.flat()).toEqual([{ assumed: false, id: mine.id }]);
    expect(await serverDoc(mine.id)).toMatchObject({ lastName: 'Written during the snapshot' });
  });

  it('a record the server changed while the snapshot was read arrives twice: the later version is kept, and a local edit wins over both', async () => {
    const db = await openDb('twice');
    const w = watched(directTransport(ownerA, t.db));
    // Both on the first page (earlier tests moved some records to the end of the feed).
    const [early, edited] = (await settledPull(ownerA, 'contacts', { limit: PAGE }, t.db)).documents as [AnyWireDoc, AnyWireDoc];
    const serverVersion = (doc: AnyWireDoc, title: string) => ({ ...doc, title, updatedAt: new Date().toISOString() });
    w.before.set(2, async () => {
      // Both move to the end of the feed, so the last page holds them again.
      const results = await pushRows(ownerA, 'contacts', [early, edited].map((d) => ({ assumedMasterState: d, newDocumentState: serverVersion(d, 'Changed mid-snapshot') })), t.db);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      await feedSettled(t.db);
      await (await db.contacts.findOne(edited.id).exec())!.incrementalPatch({ email: 'edited-here@example.test' });
    });
    const engine = start(db, w.transport);
    await settle(engine);
    expect((await db.contacts.findOne(early.id).exec())!.title).toBe('Changed mid-snapshot');
    expect((await db.contacts.findOne(edited.id).exec())!.toJSON()).toMatchObject({ title: 'Changed mid-snapshot', email: 'edited-here@example.test' });
    await expect.poll(() => serverDoc(edited.id)).toMatchObject({ title: 'Changed mid-snapshot', email: 'edited-here@example.test' });
    expect(await db.contacts.count().exec()).toBe((await settledPull(ownerA, 'contacts', { limit: 1000 }, t.db)).documents.filter((d) => !d._deleted).length);
    for (const doc of [early, edited]) {
      const at = seeded.findIndex((d) => d.id === doc.id);
      if (at >= 0) seeded[at] = (await serverDoc(doc.id))!;
    }
  });

  it('an interrupted snapshot resumes after its last stored page, in a new engine on the same database', async () => {
    const db = await openDb('resume');
    const w = watched(directTransport(ownerA, t.db));
    w.failFrom = 3; // pages 1 and 2 are stored, then the network goes
    const first = start(db, w.transport);
    await expect.poll(() => w.pulls.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    await first.cancel();
    expect(await db.contacts.count().exec()).toBe(2 * PAGE);
    const stoppedAt = w.pulls[2]!.checkpoint;

    const w2 = watched(directTransport(ownerA, t.db));
    const second = start(db, w2.transport);
    await settle(second);
    expect(w2.pulls[0]!.checkpoint).toEqual(stoppedAt);
    const all = await settledPull(ownerA, 'contacts', { limit: 1000 }, t.db);
    expect(await db.contacts.count().exec()).toBe(all.documents.filter((d) => !d._deleted).length);
    expect(w2.pushes.flat()).toEqual([]);
  });

  it('a database that already holds records (synced by an earlier release) replicates the usual way', async () => {
    const db = await openDb('old');
    await db.contacts.insert(contactDoc({ lastName: 'Local before any sync', ownerId: ownerA.userId }) as never);
    const w = watched(directTransport(ownerA, t.db));
    const engine = start(db, w.transport);
    await settle(engine);
    expect(w.pulls[0]!.limit).toBe(1000); // RxDB's own batch size, not a snapshot page
    expect(await metaRows(engine)).toBeGreaterThan(0);
  });
});
