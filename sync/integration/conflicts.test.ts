// Conflicts end to end: two clients edit the same record offline; the second to sync keeps
// its losing value as a conflict it can restore, and the restored value reaches the server.
import { getAssumedMasterState } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { createSyncDatabase, type SyncDatabase } from '@/sync/client/create-database';
import { startReplications, type SyncEngine } from '@/sync/client/replication';
import { conflictNoticeReader } from '@/sync/client/conflict-notices';
import { restoreConflict } from '@/sync/client/restore-conflict';
import { withSystem } from '@/lib/db/with-tenant';
import { listConflictNotices } from '@/sync/server/conflict-notices';
import { pushChanges, pushRows } from '@/sync/server/push';
import { contactDoc, createSyncTestDatabase, session, TENANT_A, TENANT_B, feedSettled, settledPull } from '@/sync/server/testing';
import { directTransport, type DirectTransport } from './direct-transport';

const ownerA = session(TENANT_A, 'owner');
const managerA = session(TENANT_A, 'manager');
const ownerB = session(TENANT_B, 'owner');
const repA = session(TENANT_A, 'rep');
const auditorA = session(TENANT_A, 'auditor');

interface Client {
  db: SyncDatabase;
  engine: SyncEngine;
  transport: DirectTransport;
}

describe('conflicts and isolation with real clients', () => {
  let t: TestDatabase;
  const clients: Client[] = [];
  const sync = async (c: Client) => {
    await feedSettled(t.db);
    c.engine.resync();
    await c.engine.replications.contacts.awaitInSync();
  };
  const open = async (ctx: typeof ownerA, name: string) => {
    const db = await createSyncDatabase({ name: `${name}${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
    const transport = directTransport(ctx, t.db);
    const engine = startReplications(db, transport, { identifier: 'test', retryTime: 20, waitForLeadership: false });
    const c = { db, engine, transport };
    clients.push(c);
    await engine.replications.contacts.awaitInitialReplication();
    await sync(c);
    return c;
  };

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    // Named people, so conflicts can say who made the other change.
    await withSystem(async (tx) => {
      for (const [ctx, name] of [[ownerA, 'Olive Owner'], [managerA, 'Mia Manager']] as const) {
        await tx.query(
          `WITH u AS (INSERT INTO users (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING)
           INSERT INTO memberships (tenant_id, user_id, role) VALUES ($4, $1, $5)`,
          [ctx.userId, `${ctx.userId}@conflicts.test`, name, ctx.tenantId, ctx.role],
        );
      }
    }, t.db);
  });
  afterAll(async () => {
    for (const c of clients) {
      await c.engine.cancel();
      await c.db.remove();
    }
    await t?.dispose();
  });

  it('both edit one field offline: the server value wins, the local one is kept and can be restored', async () => {
    const record = contactDoc({ title: 'Engineer' });
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: record }], t.db);
    const one = await open(ownerA, 'one');
    const two = await open(managerA, 'two');
    for (const c of [one, two]) {
      await c.engine.pause();
      c.transport.online = false;
    }
    await (await one.db.contacts.findOne(record.id).exec())!.incrementalPatch({ title: 'CTO', phone: '+1 111' });
    await (await two.db.contacts.findOne(record.id).exec())!.incrementalPatch({ title: 'VP', email: 'two@x.test' });
    one.transport.online = true;
    await one.engine.start();
    await sync(one);
    two.transport.online = true;
    await two.engine.start();
    await sync(two);
    // Two's push is answered with a conflict; its merge of the answer is a new local write,
    // pushed by a second round that awaitInSync can resolve before (RxDB queues it after the
    // conflict handler returns). One-sided changes from both clients merged; the field both
    // changed kept the server's value.
    const serverRecord = async () => (await settledPull(ownerA, 'contacts', { limit: 100 }, t.db)).documents.find((d) => d.id === record.id);
    await expect.poll(serverRecord).toMatchObject({ title: 'CTO', phone: '+1 111', email: 'two@x.test' });
    await sync(one);
    for (const c of [one, two]) expect((await c.db.contacts.findOne(record.id).exec())!.toJSON()).toMatchObject({ title: 'CTO', phone: '+1 111', email: 'two@x.test' });
    const conflicts = (await two.db.conflicts.find().exec()).map((d) => d.toJSON());
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ collectionName: 'contacts', recordId: record.id, kind: 'field', field: 'title', localValue: '"VP"', serverValue: '"CTO"' });
    expect(await one.db.conflicts.count().exec()).toBe(0);

    await restoreConflict(two.db, conflicts[0]!.id);
    await sync(two);
    await sync(one);
    expect(await two.db.conflicts.count().exec()).toBe(0);
    const after = (await settledPull(ownerA, 'contacts', { limit: 100 }, t.db)).documents.find((d) => d.id === record.id)!;
    expect(after.title).toBe('VP');
    expect((await one.db.contacts.findOne(record.id).exec())!.title).toBe('VP');
  });

  it('both sides are told: the pusher who changed the field and when, the other person whose value theirs replaced, and either can choose the other value', async () => {
    const record = contactDoc({ title: 'Engineer' });
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: record }], t.db);
    const one = await open(ownerA, 'kept');
    const two = await open(managerA, 'lost');
    await two.engine.pause();
    two.transport.online = false;
    await (await two.db.contacts.findOne(record.id).exec())!.incrementalPatch({ title: 'VP', updatedAt: '2026-11-22T10:05:00.000Z' });
    await (await one.db.contacts.findOne(record.id).exec())!.incrementalPatch({ title: 'CTO' });
    await sync(one);
    two.transport.online = true;
    await two.engine.start();
    await sync(two);
    await expect.poll(async () => (await two.db.conflicts.find().exec()).map((d) => d.toJSON())).toEqual([
      expect.objectContaining({ recordId: record.id, field: 'title', localValue: '"VP"', serverValue: '"CTO"', otherName: 'Olive Owner', otherAt: expect.any(String) }),
    ]);
    const [lost] = (await two.db.conflicts.find().exec()).map((d) => d.toJSON());
    expect(lost!.side).toBeUndefined();
    expect(Date.now() - Date.parse(lost!.otherAt!)).toBeLessThan(60_000);

    // The owner's phone reads its notices (the stream's `notices` event does this in the app).
    const reader = conflictNoticeReader(one.db, async (after) => {
      await feedSettled(t.db);
      return listConflictNotices(ownerA, after, t.db);
    });
    await reader.refresh();
    const theirs = (await one.db.conflicts.find({ selector: { recordId: record.id } }).exec()).map((d) => d.toJSON())[0];
    expect(theirs).toMatchObject({ side: 'theirs', recordId: record.id, kind: 'field', field: 'title', localValue: '"VP"', serverValue: '"CTO"', otherName: 'Mia Manager', otherAt: '2026-11-22T10:05:00.000Z' });
    // Read once: the cursor is kept with the database, so a notice dealt with does not come back.
    expect(await reader.refresh()).toBe(0);

    // The owner uses the manager's value: it reaches the server and the manager's phone.
    await restoreConflict(one.db, theirs!.id);
    await sync(one);
    await sync(two);
    expect((await settledPull(ownerA, 'contacts', { limit: 100 }, t.db)).documents.find((d) => d.id === record.id)?.title).toBe('VP');
    expect((await two.db.contacts.findOne(record.id).exec())!.title).toBe('VP');
    expect(await one.db.conflicts.count({ selector: { recordId: record.id } }).exec()).toBe(0);
    // RxDB's free tier opens 13 collections per process: close these two clients now.
    for (const c of clients.splice(-2)) {
      await c.engine.cancel();
      await c.db.remove();
    }
  });

  it('an edit made between the pull writing a record and writing its replication meta is pushed on the pulled base, not undone, and the record goes on syncing', async () => {
    const phone = await open(ownerA, 'gap');
    const record = contactDoc({ title: 'Engineer' });
    await pushChanges(managerA, 'contacts', [{ newDocumentState: record }], t.db);
    const replication = phone.engine.replications.contacts;
    const errors: unknown[] = [];
    replication.error$.subscribe((e) => errors.push(e));
    // Hold RxDB's second write of the pull (the meta) until the push of the phone's edit has
    // looked for that meta and not found it: the moment a person can hit on a slow phone.
    const meta = replication.metaInstance!;
    const bulkWrite = meta.bulkWrite.bind(meta);
    const findDocumentsById = meta.findDocumentsById.bind(meta);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let edited = false;
    meta.bulkWrite = async (rows, context) => {
      if (context === 'replication-down-write-meta') await released;
      return bulkWrite(rows, context);
    };
    meta.findDocumentsById = async (ids, withDeleted) => {
      const found = await findDocumentsById(ids, withDeleted);
      if (edited && ids.some((id) => id.includes(record.id)) && found.length === 0) release();
      return found;
    };
    await feedSettled(t.db);
    phone.engine.resync('contacts');
    await expect.poll(async () => (await phone.db.contacts.findOne(record.id).exec()) !== null).toBe(true);
    edited = true;
    await (await phone.db.contacts.findOne(record.id).exec())!.incrementalPatch({ title: 'CTO' });
    await released;
    await sync(phone);
    expect((await settledPull(ownerA, 'contacts', { limit: 100 }, t.db)).documents.find((d) => d.id === record.id)?.title).toBe('CTO');
    expect((await phone.db.contacts.findOne(record.id).exec())!.title).toBe('CTO');
    expect(await phone.db.conflicts.count().exec()).toBe(0);
    // The replication's meta says the server has the edit, so the server's next change reaches
    // the phone (a meta left at the pulled version takes the edit for an unpushed local change
    // and skips every later server version of the record).
    expect((await getAssumedMasterState(replication.internalReplicationState!, [record.id]))[record.id]?.docData).toMatchObject({ title: 'CTO' });
    const onServer = (await settledPull(ownerA, 'contacts', { limit: 100 }, t.db)).documents.find((d) => d.id === record.id)!;
    const later = await pushRows(managerA, 'contacts', [{ assumedMasterState: onServer, newDocumentState: { ...onServer, phone: '+44 20 7946 0000' } }], t.db);
    expect(later[0]!.status).toBe('accepted');
    await sync(phone);
    expect((await phone.db.contacts.findOne(record.id).exec())!.toJSON()).toMatchObject({ title: 'CTO', phone: '+44 20 7946 0000' });
    expect(errors).toEqual([]);
  });

  it("a tenant B client neither pulls nor pushes anything of tenant A's", async () => {
    const aRecord = contactDoc({ lastName: 'A secret' });
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: aRecord }], t.db);
    const b = await open(ownerB, 'tenantb');
    await sync(b);
    expect(await b.db.contacts.count().exec()).toBe(0);
    // B writes a record with A's id locally: it becomes B's own record, A's is untouched.
    await b.db.contacts.insert({ ...aRecord, lastName: 'B copy' } as never);
    await sync(b);
    const aView = (await settledPull(ownerA, 'contacts', { limit: 100 }, t.db)).documents.find((d) => d.id === aRecord.id)!;
    expect(aView.lastName).toBe('A secret');
    const bView = (await settledPull(ownerB, 'contacts', { limit: 100 }, t.db)).documents;
    expect(bView.map((d) => d.lastName)).toEqual(['B copy']);
  });

  it("a rep's refused edit comes back with the reason, the record is put back, and the rep's next change syncs", async () => {
    const theirs = contactDoc({ lastName: 'Theirs', ownerId: managerA.userId });
    await pushRows(managerA, 'contacts', [{ newDocumentState: theirs }], t.db);
    const rep = await open(repA, 'rep');
    await rep.engine.pause();
    rep.transport.online = false;
    // Offline: an edit the rules refuse (another person's contact), then a new contact of one's own.
    await (await rep.db.contacts.findOne(theirs.id).exec())!.incrementalPatch({ lastName: 'Renamed by the rep' });
    const mine = contactDoc({ lastName: 'Mine', ownerId: repA.userId });
    await rep.db.contacts.insert(mine);
    rep.transport.online = true;
    await rep.engine.start();
    await sync(rep);

    const server = (await settledPull(managerA, 'contacts', { limit: 100 }, t.db)).documents;
    expect(server.find((d) => d.id === theirs.id)?.lastName).toBe('Theirs');
    expect(server.find((d) => d.id === mine.id)?.lastName).toBe('Mine');
    expect((await rep.db.contacts.findOne(theirs.id).exec())!.lastName).toBe('Theirs');
    const kept = (await rep.db.conflicts.find().exec()).map((d) => d.toJSON());
    expect(kept).toEqual([
      expect.objectContaining({ kind: 'rejected', recordId: theirs.id, reason: expect.stringMatching(/owner or a manager can change this contact/) }),
    ]);
    expect(JSON.parse(kept[0]!.localValue)).toMatchObject({ lastName: 'Renamed by the rep' });

    // Not retried: the rep's later change goes through on its own.
    await (await rep.db.contacts.findOne(mine.id).exec())!.incrementalPatch({ title: 'Buyer' });
    await sync(rep);
    expect((await settledPull(managerA, 'contacts', { limit: 100 }, t.db)).documents.find((d) => d.id === mine.id)?.title).toBe('Buyer');
    expect(await rep.db.conflicts.count().exec()).toBe(1);

    // Once the manager hands the contact to the rep, "Try my change again" goes through.
    const handed = { ...theirs, ownerId: repA.userId, updatedAt: '2026-11-23T09:00:00.000Z' };
    await pushRows(managerA, 'contacts', [{ assumedMasterState: theirs, newDocumentState: handed }], t.db);
    await sync(rep);
    await restoreConflict(rep.db, kept[0]!.id);
    await sync(rep);
    expect((await settledPull(managerA, 'contacts', { limit: 100 }, t.db)).documents.find((d) => d.id === theirs.id)?.lastName).toBe('Renamed by the rep');
    expect(await rep.db.conflicts.count().exec()).toBe(0);
  });

  it("a refused new record (an auditor's) goes away on the phone and is kept with the reason", async () => {
    const auditor = await open(auditorA, 'auditor');
    const draft = contactDoc({ lastName: 'Auditor draft', ownerId: auditorA.userId });
    await auditor.db.contacts.insert(draft);
    await sync(auditor);
    expect(await auditor.db.contacts.findOne(draft.id).exec()).toBeNull();
    expect((await settledPull(managerA, 'contacts', { limit: 100 }, t.db)).documents.some((d) => d.id === draft.id)).toBe(false);
    const [kept] = (await auditor.db.conflicts.find().exec()).map((d) => d.toJSON());
    expect(kept).toMatchObject({ kind: 'rejected', recordId: draft.id, reason: 'Your role (auditor) can read records but not create them.', serverValue: 'null' });
  });
});
