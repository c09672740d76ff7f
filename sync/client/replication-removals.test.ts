// What the replication does with removals (scope-removals.ts), driven through the real RxDB
// replication with a scripted server: a removal the phone could not apply while its own change
// to the record waited is applied once the push is answered out of scope, even though the feed
// never brings it again; it is cancelled when the record came back meanwhile, through a full
// resync too (a stale removal once deleted a record in scope from a manager's phone for good:
// 88 of 89 contacts, in the scope convergence test); and a full resync applies each record as
// its last page has it.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { RESYNC_REQUIRED, type Checkpoint, type PullResponse } from '@/sync/schema/protocol';
import { createSyncDatabase } from './create-database';
import { startReplications, type SyncEngine } from './replication';
import { SyncRequestError, type SyncTransport } from './transport';

const X = '01900000-0000-7000-8000-0000000000aa';
const at = '2026-12-04T09:00:00.000Z';
const contact = (lastName: string, deleted = false) =>
  ({ id: X, firstName: 'Ada', lastName, email: null, phone: null, title: null, companyId: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: deleted }) as AnyWireDoc;
const cp = (xid: number): Checkpoint => ({ xid: String(xid), seq: 0, h: 0 });
const page = (documents: AnyWireDoc[], xid: number): PullResponse<AnyWireDoc> => ({ documents, checkpoint: cp(xid) });

async function until(what: string, test: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 500; i += 1) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('replication: removals sent again after a push', () => {
  it('a record that came back into scope through a full resync stays on the phone', async () => {
    const db = await createSyncDatabase({ name: `removals-resync${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
    // The scripted server: X in scope, then out of it, then (another team) in it again, where only a pull from scratch is answered.
    let phase: 'start' | 'removed' | 'rescoped' = 'start';
    let removalsSent = 0;
    let releasePush: () => void = () => {};
    const pushHeld = new Promise<void>((r) => (releasePush = r));
    let releasePull: () => void = () => {};
    const pullHeld = new Promise<void>((r) => (releasePull = r));
    let pullsWaiting = 0;
    let pushes = 0;
    let engine: SyncEngine | null = null;
    const transport: SyncTransport = {
      async pull(_collection, { checkpoint }) {
        const xid = checkpoint ? Number(checkpoint.xid) : 0;
        if (phase === 'rescoped') {
          if (xid === 0) return page([contact('edited')], 3);
          if (xid === 3) return page([], 3);
          throw new SyncRequestError(410, RESYNC_REQUIRED, 'another team');
        }
        if (xid === 0) return page([contact('first')], 1);
        if (phase === 'removed' && xid === 1) {
          pullsWaiting += 1;
          await pullHeld;
          removalsSent += 1;
          return page([contact('first', true)], 2);
        }
        return page([], xid);
      },
      async push(_collection, rows) {
        pushes += 1;
        await pushHeld;
        // Written, outside the pusher's scope as the server saw it then; the team changes
        // meanwhile, and the stream asks the phone to pull (which it must do from scratch).
        phase = 'rescoped';
        engine!.resync();
        return rows.map((r) => ({ id: r.newDocumentState.id, status: 'accepted' as const, outOfScope: true as const }));
      },
    };
    engine = startReplications(db, transport, { identifier: 'test', retryTime: 10, waitForLeadership: false, pullBatchSize: 20 });
    try {
      await until('the first sync', async () => (await db.contacts.findOne(X).exec()) !== null);
      await engine.replications.contacts.awaitInSync();
      // A pull is under way when the record leaves scope and the phone edits it: the removal
      // arrives while the edit waits for its push, and RxDB does not apply it over the edit.
      phase = 'removed';
      engine.resync();
      await until('the pull', () => pullsWaiting > 0);
      await (await db.contacts.findOne(X).exec())!.incrementalPatch({ lastName: 'edited' });
      await until('the push', () => pushes > 0);
      releasePull();
      await until('the removal', () => removalsSent > 0);
      await new Promise((r) => setTimeout(r, 100));
      expect(await db.contacts.findOne(X).exec(), 'a removal is not applied over a change waiting to be pushed').not.toBeNull();
      releasePush();
      await engine.replications.contacts.awaitInSync();
      // Let the removal sent again (if any) land.
      await new Promise((r) => setTimeout(r, 200));
      await engine.replications.contacts.awaitInSync();
      const held = await db.contacts.findOne(X).exec();
      expect(held?.toJSON(), 'the record is in scope again: the phone keeps it').toMatchObject({ id: X, lastName: 'edited' });
    } finally {
      await engine.cancel();
      await db.remove();
    }
  });
  it('a full resync applies each record as its last page has it: one removed while the pages were read is not left on the phone', async () => {
    const db = await createSyncDatabase({ name: `resync-latest${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
    let phase: 'start' | 'rescoped' = 'start';
    let resyncPages = 0;
    const transport: SyncTransport = {
      async pull(_collection, { checkpoint }) {
        const xid = checkpoint ? Number(checkpoint.xid) : 0;
        if (phase === 'start') return page([], Math.max(xid, 1));
        // Another team: the copy must start again. X is in scope on the first page of the
        // resync, and handed out of it before the second.
        if (xid === 0) return (resyncPages += 1), page([contact('first')], 2);
        if (xid === 2) return (resyncPages += 1), page([contact('first', true)], 3);
        if (xid === 3) return page([], 3);
        throw new SyncRequestError(410, RESYNC_REQUIRED, 'another team');
      },
      async push(_collection, rows) {
        return rows.map((r) => ({ id: r.newDocumentState.id, status: 'accepted' as const }));
      },
    };
    const engine = startReplications(db, transport, { identifier: 'test', retryTime: 10, waitForLeadership: false, pullBatchSize: 20 });
    try {
      await until('the first sync', () => engine.replications.contacts.awaitInSync().then(() => true));
      phase = 'rescoped';
      engine.resync();
      await until('the resync', () => resyncPages === 2);
      await engine.replications.contacts.awaitInSync();
      expect(await db.contacts.findOne(X).exec(), 'out of scope by the end of the resync').toBeNull();
    } finally {
      await engine.cancel();
      await db.remove();
    }
  });
  it('a removal that came while the record’s edit waited is applied once the push is answered out of scope', async () => {
    const db = await createSyncDatabase({ name: `removals-again${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
    let phase: 'start' | 'removed' = 'start';
    let removalsSent = 0;
    let releasePull: () => void = () => {};
    const pullHeld = new Promise<void>((r) => (releasePull = r));
    let pullsWaiting = 0;
    let releasePush: () => void = () => {};
    const pushHeld = new Promise<void>((r) => (releasePush = r));
    let pushes = 0;
    let engine: SyncEngine | null = null;
    const transport: SyncTransport = {
      async pull(_collection, { checkpoint }) {
        const xid = checkpoint ? Number(checkpoint.xid) : 0;
        if (xid === 0) return page([contact('first')], 1);
        if (phase === 'removed' && xid === 1) {
          pullsWaiting += 1;
          await pullHeld;
          removalsSent += 1;
          return page([contact('first', true)], 2);
        }
        // The feed never brings the removal again.
        return page([], xid);
      },
      async push(_collection, rows) {
        pushes += 1;
        await pushHeld;
        // The live stream wakes the phone after every push, as it does in the app.
        engine!.resync();
        return rows.map((r) => ({ id: r.newDocumentState.id, status: 'accepted' as const, outOfScope: true as const }));
      },
    };
    engine = startReplications(db, transport, { identifier: 'test', retryTime: 10, waitForLeadership: false, pullBatchSize: 20 });
    try {
      await until('the first sync', async () => (await db.contacts.findOne(X).exec()) !== null);
      await engine.replications.contacts.awaitInSync();
      phase = 'removed';
      engine.resync();
      await until('the pull', () => pullsWaiting > 0);
      await (await db.contacts.findOne(X).exec())!.incrementalPatch({ lastName: 'edited' });
      await until('the push', () => pushes > 0);
      releasePull();
      await until('the removal', () => removalsSent > 0);
      await new Promise((r) => setTimeout(r, 100));
      expect(await db.contacts.findOne(X).exec(), 'not applied over the waiting edit').not.toBeNull();
      releasePush();
      await until('the removal sent again', async () => (await db.contacts.findOne(X).exec()) === null);
    } finally {
      await engine.cancel();
      await db.remove();
    }
  });
});
