// Browser module (also run in Node tests): the first sync of a collection into an empty local
// store. RxDB's replication protocol reads and writes every pulled document twice (the document
// and its replication meta, the "assumed server state") one page at a time; for a first sync
// of 70,000 records that cost 30–48 s (bench/sync/browser-initial-pull.ts). Here each page is
// written once, with one bulk write and no meta, and the replication then starts from the
// snapshot's checkpoint. Verified against rxdb 17.6; the tests in bootstrap.test.ts pin the
// RxDB behaviour this relies on.
//
// What replaces the meta, and why it is safe:
// - Pulling later versions: RxDB accepts a server version over a local document that has no
//   meta when the document carries `_meta.o = { _rev: <its revision height>, hash: <hash of
//   the replication identifier> }`, the mark RxDB itself puts on documents it wrote from the
//   server (rxdb#7804). A document edited here has a higher revision, so RxDB pushes it first.
// - Pushing an edit of a snapshot document: the server decides conflicts on the state the
//   edit started from (assumedMasterState), and the three-way merge needs it too. The first
//   local write to an untouched snapshot document copies that state into its `_meta.crmBase`
//   (keepSnapshotBase, an RxDB pre-save and pre-remove hook): copy on write, so the snapshot
//   itself stays as small to store and read as any document. The copy is valid while
//   `_meta.crmBaseAt` equals `_meta.o._rev`: once RxDB writes a newer server version over
//   the document, it moves `o._rev` and writes real meta.
// - Not pushing the snapshot back: its documents are written with the smallest last-write time
//   RxDB allows, and the push starts after them; anything written here during the bootstrap
//   has a real time and is pushed.
import Dexie from 'dexie';
import { categorizeBulkWriteRows, getChangedDocumentsSince, isRxDocument, type RxDocument, type RxDocumentData } from 'rxdb';
import { fromStorageToDexie, RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';
import type { Subject } from 'rxjs';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { RESYNC_REQUIRED, type Checkpoint, type PullResponse } from '@/sync/schema/protocol';
import type { SyncCollection, SyncDatabase, SyncDoc } from './create-database';
import { SyncRequestError } from './transport';

/** RxDB's smallest last-write time (RX_META_LWT_MINIMUM): every snapshot document has it. */
const SNAPSHOT_LWT = 1;
/** The push checkpoint after every snapshot document (ids are UUIDs, all below U+FFFF). */
const AFTER_SNAPSHOT = { id: '\uffff', lwt: SNAPSHOT_LWT };
/** Documents per IndexedDB bulk add (see addUnheld). */
const ADD_CHUNK = 400;
/** Write context of snapshot pages, so listeners can tell them from local writes. */
export const BOOTSTRAP_CONTEXT = 'crm-bootstrap';

export type Pull = (checkpoint: Checkpoint | null, limit: number, count?: boolean) => Promise<PullResponse<AnyWireDoc>>;

/** Where the replication of a bootstrapped collection starts. */
export interface StartingPoint {
  pull: Checkpoint | null;
  push: typeof AFTER_SNAPSHOT;
}

interface BootstrapState {
  checkpoint: Checkpoint | null;
  done: boolean;
  /** Documents stored so far, and how many the server had when the snapshot began. */
  stored: number;
  total: number | null;
}

/** Where a first sync stands, for its progress bar. */
export interface SnapshotCount {
  stored: number;
  total: number | null;
}

type SnapshotMeta = {
  lwt: number;
  o?: { _rev: number; hash: string };
  /** Revision height at which the snapshot wrote this document. */
  crmSnap?: number;
  /** The snapshot's version (wire JSON), copied on the first local write. */
  crmBase?: string;
  crmBaseAt?: number;
};

const heightOf = (rev: string) => Number(rev.slice(0, rev.indexOf('-')));

/** The hash RxDB marks server-written documents with (`_meta.o.hash`) for this replication. */
export function replicationHash(db: SyncDatabase, replicationIdentifier: string): Promise<string> {
  return db.hashFunction(`rxdbreplication${replicationIdentifier}`);
}

function snapshotDoc(doc: AnyWireDoc, height: number, hash: string, token: string): RxDocumentData<SyncDoc> {
  const meta: SnapshotMeta = { lwt: SNAPSHOT_LWT, o: { _rev: height, hash }, crmSnap: height };
  return { ...(doc as SyncDoc), _deleted: doc._deleted === true, _meta: meta, _rev: `${height}-${token}`, _attachments: {} };
}

/** Whether `doc` is still the snapshot's version (not written here since, nor by the replication). */
function untouchedSnapshot(doc: RxDocumentData<SyncDoc>): boolean {
  const meta = doc._meta as SnapshotMeta;
  return meta.crmSnap !== undefined && meta.crmSnap === heightOf(doc._rev) && meta.o?._rev === meta.crmSnap;
}

/**
 * RxDB pre-save / pre-remove hook of every synced collection: the first local write to an
 * untouched snapshot document keeps the version it started from (see the top of this file).
 * `previous` is the stored document (pre-save passes its data, pre-remove the RxDocument).
 */
export function keepSnapshotBase(next: RxDocumentData<SyncDoc>, previous: RxDocumentData<SyncDoc> | RxDocument<SyncDoc>): void {
  const old = isRxDocument(previous) ? (previous as unknown as { toJSON(withMeta: true): RxDocumentData<SyncDoc> }).toJSON(true) : (previous as RxDocumentData<SyncDoc>);
  if (!untouchedSnapshot(old) || (next._meta as SnapshotMeta).crmBase !== undefined) return;
  const { _meta, _rev, _attachments, ...wire } = old;
  void _rev;
  void _attachments;
  next._meta = { ...next._meta, crmBase: JSON.stringify(wire), crmBaseAt: (_meta as SnapshotMeta).crmSnap } as SnapshotMeta;
}

/**
 * Adds the documents the store does not hold yet in one IndexedDB transaction, announces them
 * as RxDB's own write would (the same change events, built by RxDB's categorizeBulkWriteRows, so
 * queries, other tabs and the replication see them), and returns the ones already held.
 * Why not RxDB's bulkWrite: it reads every document before writing it, to find conflicts; on
 * a first sync that read finds nothing, and cost 4 of 20 s for 70,000 documents
 * (bench/sync/browser-initial-pull.ts). Dexie storage only (the browser's); any other storage
 * returns every row for RxDB's path. Tests run both (bootstrap.test.ts).
 */
async function addUnheld(db: SyncDatabase, collection: SyncCollection, rows: RxDocumentData<SyncDoc>[]): Promise<RxDocumentData<SyncDoc>[]> {
  const storage = collection.internalStorageInstance;
  if (!(storage instanceof RxStorageInstanceDexie)) return rows;
  const { dexieDb, dexieTable, booleanIndexes } = await (storage as RxStorageInstanceDexie<SyncDoc>).internals;
  const held = new Set<number>();
  // IndexedDB serialises each added document on the calling thread: one add of a whole page
  // of 2,000 was a main-thread task of up to 560 ms. Chunks, each started in its own task,
  // keep the page responsive; one transaction keeps the page one commit (several cost
  // seconds in all), and the events go out once per page, since each event bulk re-runs
  // the screen's live queries.
  await db.lockedRun(() =>
    dexieDb.transaction('rw', dexieTable, async () => {
      for (let from = 0; from < rows.length; from += ADD_CHUNK) {
        const chunk = rows.slice(from, from + ADD_CHUNK);
        // Caught inside the transaction: an uncaught BulkError would abort the whole page.
        await dexieTable.bulkAdd(chunk.map((row) => fromStorageToDexie<SyncDoc>(booleanIndexes, row))).catch((err: unknown) => {
          if (!(err instanceof Dexie.BulkError)) throw err;
          for (const [at, failure] of Object.entries(err.failuresByPos)) {
            // Only "this key is already stored" means held; anything else (quota…) is a failure.
            if (failure.name !== 'ConstraintError') throw failure;
            held.add(from + Number(at));
          }
        });
      }
    }),
  );
  const added = rows.filter((_, at) => !held.has(at));
  const { eventBulk, newestRow } = categorizeBulkWriteRows<SyncDoc>(storage, 'id', new Map(), added.map((document) => ({ document })), BOOTSTRAP_CONTEXT);
  if (eventBulk.events.length > 0 && newestRow) {
    eventBulk.checkpoint = { id: newestRow.document.id, lwt: newestRow.document._meta.lwt };
    // The subject RxDB's own bulkWrite announces on (private in its types; pinned by the tests).
    (storage as unknown as { changes$: Subject<typeof eventBulk> }).changes$.next(eventBulk);
  }
  return rows.filter((_, at) => held.has(at));
}

/**
 * Writes one snapshot page: documents not held yet in one transaction of chunked adds (addUnheld), the rest
 * through RxDB's bulk write. A document already here is either an earlier snapshot version
 * (the server changed it while the snapshot was read: take the newer one) or was edited here
 * meanwhile (keep the edit: it is pushed with its base once replication runs).
 */
async function writePage(db: SyncDatabase, collection: SyncCollection, docs: AnyWireDoc[], hash: string): Promise<void> {
  const storage = collection.internalStorageInstance;
  const rest = await addUnheld(db, collection, docs.map((d) => snapshotDoc(d, 1, hash, db.token)));
  if (rest.length === 0) return;
  const first = await db.lockedRun(() => storage.bulkWrite(rest.map((document) => ({ document })), BOOTSTRAP_CONTEXT));
  const updates: { previous: RxDocumentData<SyncDoc>; document: RxDocumentData<SyncDoc> }[] = [];
  for (const err of first.error) {
    if (err.status !== 409 || !err.documentInDb) throw new Error(`Could not store ${collection.name} ${err.documentId} (status ${err.status}).`);
    const inDb = err.documentInDb as RxDocumentData<SyncDoc>;
    if (!untouchedSnapshot(inDb)) continue;
    const doc = err.writeRow.document as unknown as AnyWireDoc;
    updates.push({ previous: inDb, document: snapshotDoc(doc, heightOf(inDb._rev) + 1, hash, db.token) });
  }
  if (updates.length === 0) return;
  const second = await db.lockedRun(() => storage.bulkWrite(updates, BOOTSTRAP_CONTEXT));
  // A 409 here is an edit made between the two writes: it wins, as above.
  const failed = second.error.find((e) => e.status !== 409);
  if (failed) throw new Error(`Could not store ${collection.name} ${failed.documentId} (status ${failed.status}).`);
}

export interface BootstrapOptions {
  /** The collection's replication identifier (as given to replicateRxCollection). */
  replicationIdentifier: string;
  pageSize: number;
  /** After each stored page (and once when a resumed one starts). */
  onProgress?: (count: SnapshotCount) => void;
  /** Stops between pages (the engine was cancelled). */
  cancelled?: () => boolean;
}

/**
 * Brings an empty collection to the server's current state from a snapshot, resuming one a
 * crash or reload interrupted, and returns where its replication starts. Returns null for a
 * collection that already holds documents from an earlier (non-bootstrap) sync: it replicates
 * the usual way. Throws on a failed request; calling again resumes after the last stored page.
 */
export async function bootstrapCollection(db: SyncDatabase, collection: SyncCollection, pull: Pull, options: BootstrapOptions): Promise<StartingPoint | null> {
  const key = `bootstrap-${collection.name}`;
  let state = ((await db.getLocal<BootstrapState>(key))?.toJSON().data as BootstrapState | undefined) ?? null;
  if (!state) {
    // Any document at all, deleted ones included: a local change of any kind means this is not a first sync.
    if ((await getChangedDocumentsSince(collection.storageInstance, 1)).documents.length > 0) return null;
    state = { checkpoint: null, done: false, stored: 0, total: null };
    await db.upsertLocal<BootstrapState>(key, state);
  }
  if (!state.done) {
    const hash = await replicationHash(db, options.replicationIdentifier);
    options.onProgress?.({ stored: state.stored, total: state.total });
    while (!state.done) {
      if (options.cancelled?.()) return null;
      let page: PullResponse<AnyWireDoc>;
      try {
        page = await pull(state.checkpoint, options.pageSize, state.total === null);
      } catch (err) {
        if (!(err instanceof SyncRequestError && err.code === RESYNC_REQUIRED)) throw err;
        // Resumed too late: the server purged deletions since this snapshot began. The
        // replication pulls everything from the start and removes what the server no longer has.
        state = { ...state, checkpoint: null, done: true };
        await db.upsertLocal<BootstrapState>(key, state);
        break;
      }
      if (page.documents.length > 0) await writePage(db, collection, page.documents, hash);
      const stored: number = state.stored + page.documents.length;
      // A short page is the end of the snapshot; anything committed since (or held back by an
      // older transaction) comes through the replication, which starts at this checkpoint.
      state = { checkpoint: page.checkpoint, done: page.documents.length < options.pageSize, stored, total: state.total ?? stored - page.documents.length + (page.remaining ?? 0) };
      await db.upsertLocal<BootstrapState>(key, state);
      options.onProgress?.({ stored: state.stored, total: state.total });
    }
  }
  return { pull: state.checkpoint, push: AFTER_SNAPSHOT };
}

/**
 * The server state a local edit of a bootstrapped document started from, by id, for the
 * documents that have one (still the snapshot's version as far as the server is concerned).
 * Used where RxDB has no meta for a document: the push (assumedMasterState) and the merge.
 */
export async function snapshotBases(collection: SyncCollection, ids: string[]): Promise<Map<string, AnyWireDoc>> {
  const bases = new Map<string, AnyWireDoc>();
  if (ids.length === 0) return bases;
  const docs = await collection.storageInstance.findDocumentsById(ids, true);
  for (const doc of docs) {
    const meta = doc._meta as SnapshotMeta;
    // Valid while RxDB has written no newer server version over it (that moves `o._rev`).
    if (meta.crmBase !== undefined && meta.o?._rev === meta.crmBaseAt) bases.set(doc.id, JSON.parse(meta.crmBase) as AnyWireDoc);
  }
  return bases;
}
