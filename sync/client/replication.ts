// Browser module (also run in Node tests): one RxDB replication per synced collection over
// a transport, with full resync when the server says our checkpoint is too old.
import type { ReplicationPullOptions, ReplicationPushOptions, RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import { COLLECTION_NAMES, type AnyWireDoc, type CollectionName } from '@/sync/schema/collections';
import type { Checkpoint } from '@/sync/schema/protocol';
import { MAX_PULL_LIMIT, RESYNC_REQUIRED } from '@/sync/schema/protocol';
import type { SyncCollection, SyncDatabase, SyncDoc } from './create-database';
import { Backoff } from './backoff';
import { bootstrapCollection, snapshotBases, type SnapshotCount, type StartingPoint } from './bootstrap';
import { holdConflictAuthors } from './conflict-authors';
import { toRejectionDoc } from './conflicts';
import { prefetchingPull } from './prefetch-pull';
import { PulledBases } from './pulled-bases';
import { markRefused } from './refused-rows';
import { ScopeRemovals } from './scope-removals';
import { SyncRequestError, type SyncTransport } from './transport';
import { ERASED_CODE } from '@/lib/privacy/erased-answer';

export type SyncReplication = RxReplicationState<SyncDoc, Checkpoint>;

export interface ReplicationOptions {
  /** Stable per server: changing it makes every client pull everything again. */
  identifier: string;
  live?: boolean;
  /** Wait (ms) RxDB adds before retrying after an error (the backoff below comes first). */
  retryTime?: number;
  /** First and longest wait (ms) of the exponential backoff after a failed request. */
  backoffMs?: { base: number; max: number };
  pullBatchSize?: number;
  pushBatchSize?: number;
  /** Only one tab replicates (true in browsers; tests with one instance pass false). */
  waitForLeadership?: boolean;
  /** Page size of a first sync's snapshot (bootstrap.ts); default MAX_PULL_LIMIT. */
  snapshotPageSize?: number;
  /** A first sync's progress: documents stored so far per collection, and when all are done. */
  onSnapshotProgress?: (progress: SnapshotProgress) => void;
}

export interface SnapshotProgress {
  /** Per collection that loads (or loaded) a first-sync snapshot in this engine. */
  collections: Partial<Record<CollectionName, SnapshotCount>>;
  /** Collections still loading their snapshot. */
  loading: CollectionName[];
}

export interface SyncEngine {
  replications: Record<CollectionName, SyncReplication>;
  /** Ask one collection (or all) to pull now, e.g. on a stream event. */
  resync(collection?: CollectionName): void;
  /** The person asked to sync: requests waiting out a failure's backoff go now, and every collection pulls. */
  syncNow(): void;
  /** Offline: requests wait until start(); local writes go on and queue up. */
  pause(): Promise<void>;
  /** Back online: requests proceed and every collection pulls. */
  start(): Promise<void>;
  cancel(): Promise<void>;
}

/** Wait (ms) before pulling again when the server held rows back. */
const HELD_RETRY_MS = 500;

/** Page size when pulling everything again after a resync_required answer. */
const RESYNC_PAGE = 1000;

/**
 * Pulls the whole collection from scratch and marks every local record the server no
 * longer has as deleted: the server purged its tombstone, so this is the only way to learn.
 */
async function fullResync(name: CollectionName, collection: SyncCollection, transport: SyncTransport) {
  // By id, in feed order: a record changed while the pages are read comes again in a later
  // page (a removal, say, after its document), and only that last state may be applied.
  const latest = new Map<string, AnyWireDoc>();
  let checkpoint: Checkpoint | null = null;
  for (;;) {
    const page = await transport.pull(name, { checkpoint, limit: RESYNC_PAGE });
    checkpoint = page.checkpoint;
    if (page.documents.length === 0) break;
    for (const d of page.documents) {
      latest.delete(d.id);
      latest.set(d.id, d);
    }
  }
  const documents = [...latest.values()];
  const local = await collection.find().exec();
  for (const doc of local) {
    if (!latest.has(doc.primary)) documents.push({ ...(doc.toJSON() as AnyWireDoc), _deleted: true });
  }
  return { documents: documents as WithDeleted<SyncDoc>[], checkpoint: checkpoint as Checkpoint };
}

/**
 * Open or closed; requests wait while closed. Offline we close it instead of calling RxDB's
 * pause(): a push that fails while paused returns "nothing to push", and if start() lands
 * before RxDB re-checks the paused flag those documents are marked as pushed and never sent
 * (seen in the convergence test). Waiting at a gate has no such window.
 */
class Gate {
  private opened: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  close() {
    if (this.release) return;
    this.opened = new Promise((r) => (this.release = r));
  }

  open() {
    this.release?.();
    this.release = null;
  }

  wait(): Promise<void> {
    return this.opened;
  }
}

/** Starts replicating every synced collection of `db` through `transport`. */
export function startReplications(db: SyncDatabase, transport: SyncTransport, options: ReplicationOptions): SyncEngine {
  const gate = new Gate();
  const backoffs = new Map<CollectionName, Backoff>();
  /** Runs a request; a failure in transport waits its backoff before RxDB retries. */
  const withBackoff = <T>(backoff: Backoff, request: () => Promise<T>): Promise<T> =>
    request().then(
      (value) => {
        backoff.succeeded();
        return value;
      },
      async (err: unknown) => {
        await backoff.failed();
        throw err;
      },
    );
  let cancelled = false;
  const progress: SnapshotProgress = { collections: {}, loading: [] };
  /**
   * A first sync from the server's snapshot (bootstrap.ts), retried with the collection's
   * backoff until it completes; resolves where the replication starts (null: the usual way).
   */
  const bootstrap = async (name: CollectionName, collection: SyncCollection, replicationIdentifier: string, backoff: Backoff): Promise<StartingPoint | null> => {
    const snapshotPull = prefetchingPull(async (checkpoint: Checkpoint | null, limit: number, count?: boolean) => {
      await gate.wait();
      return transport.pull(name, { checkpoint, limit, ...(count ? { count } : {}) });
    });
    for (;;) {
      try {
        const from = await bootstrapCollection(db, collection, snapshotPull, {
          replicationIdentifier,
          pageSize: options.snapshotPageSize ?? MAX_PULL_LIMIT,
          cancelled: () => cancelled,
          onProgress: (count) => {
            backoff.succeeded();
            progress.collections[name] = count;
            if (!progress.loading.includes(name)) progress.loading.push(name);
            options.onSnapshotProgress?.(progress);
          },
        });
        return from;
      } catch {
        if (cancelled) return null;
        await backoff.failed(); // offline, signed out, a full disk: wait, then resume after the last stored page
      } finally {
        if (progress.loading.includes(name)) {
          progress.loading = progress.loading.filter((n) => n !== name);
          options.onSnapshotProgress?.(progress);
        }
      }
    }
  };
  const streams = {} as Record<CollectionName, Subject<RxReplicationPullStreamItem<SyncDoc, Checkpoint>>>;
  const replications = {} as Record<CollectionName, SyncReplication>;
  const names = COLLECTION_NAMES.filter((n) => db.collections[n] !== undefined);
  for (const name of names) {
    const collection = db[name];
    const stream$ = new Subject<RxReplicationPullStreamItem<SyncDoc, Checkpoint>>();
    streams[name] = stream$;
    const backoff = new Backoff({ baseMs: options.backoffMs?.base, maxMs: options.backoffMs?.max });
    backoffs.set(name, backoff);
    const pull = prefetchingPull((checkpoint, limit) => transport.pull(name, { checkpoint, limit }));
    const removals = new ScopeRemovals(collection);
    const pullBatchSize = options.pullBatchSize ?? 1000;
    const pulledBases = new PulledBases(2 * pullBatchSize);
    const replicationIdentifier = `${options.identifier}/${name}`;
    const pullOptions: ReplicationPullOptions<SyncDoc, Checkpoint> = {
      batchSize: pullBatchSize,
      stream$: stream$.asObservable(),
      async handler(checkpoint, batchSize) {
        await gate.wait();
        let received: { documents: WithDeleted<SyncDoc>[]; checkpoint: Checkpoint };
        try {
          const page = await withBackoff(backoff, () => pull(checkpoint ?? null, batchSize));
          // No event will announce held-back rows when the transaction holding them is not
          // a record write: ask again shortly instead of waiting for the next change.
          if (page.held) setTimeout(() => stream$.next('RESYNC'), HELD_RETRY_MS);
          received = { documents: page.documents as WithDeleted<SyncDoc>[], checkpoint: page.checkpoint };
        } catch (err) {
          if (!(err instanceof SyncRequestError && err.code === RESYNC_REQUIRED)) throw err;
          received = await fullResync(name, collection, transport);
        }
        // Every document pulled, by a page or a full resync, passes here: a record that comes
        // back cancels a removal waiting to be sent again (one that skipped this, through a
        // resync, later deleted a record in scope from the phone for good).
        const documents = await removals.filterPulled(received.documents);
        const due = removals.takeDue(documents);
        // Pull again shortly, to see them applied (or send them again): see takeDue.
        if (due.length > 0) setTimeout(() => !cancelled && stream$.next('RESYNC'), removals.dueRetryMs());
        return { documents: [...due, ...documents], checkpoint: received.checkpoint };
      },
    };
    const pushOptions: ReplicationPushOptions<SyncDoc> = {
      batchSize: options.pushBatchSize ?? 100,
      async handler(rows) {
        await gate.wait();
        // A document from the first sync's snapshot has no RxDB meta: its base is kept with it.
        const bases = await snapshotBases(collection, rows.filter((r) => !r.assumedMasterState).map((r) => r.newDocumentState.id));
        // One edited just after a pull wrote it has no meta yet either (pulled-bases.ts).
        const st = replication.internalReplicationState;
        const gap = await pulledBases.basesFor(st, rows.filter((r) => !r.assumedMasterState && !bases.has(r.newDocumentState.id)).map((r) => r.newDocumentState.id));
        const sent = rows.map((r) => {
          const id = r.newDocumentState.id;
          const assumed = (r.assumedMasterState as AnyWireDoc | undefined) ?? bases.get(id) ?? gap.get(id)?.base;
          return { ...(assumed ? { assumedMasterState: assumed } : {}), newDocumentState: r.newDocumentState as AnyWireDoc };
        });
        const results = await withBackoff(backoff, () => transport.push(name, sent));
        const accepted = new Set(results.filter((r) => r.status === 'accepted').map((r) => r.id));
        await pulledBases.settle(
          st,
          rows.filter((r) => gap.has(r.newDocumentState.id) && accepted.has(r.newDocumentState.id)).map((r) => ({ doc: r.newDocumentState, meta: gap.get(r.newDocumentState.id)!.meta })),
        );
        const refusedDocs = new Map(sent.map((r) => [r.newDocumentState.id, r.newDocumentState]));
        // RxDB's contract: return the server's document for every row not applied as sent.
        const masters: AnyWireDoc[] = [];
        const kept = [];
        const erased: string[] = [];
        for (const r of results) {
          holdConflictAuthors(db.conflicts, name, r.id, r.status === 'conflict' ? r.keptBy : undefined);
          if (r.status === 'conflict') masters.push(r.document);
          if (r.status !== 'rejected') continue;
          const refused = refusedDocs.get(r.id);
          if (!refused) continue;
          // Refused for good: keep the change with the reason for its author, and put the
          // record back to the server's state (a refused new record goes away). A change about
          // a person the organization erased is kept without its values (they are the person's):
          // its author still learns why it went, with the server's tombstone in its place.
          if (r.code === ERASED_CODE) {
            erased.push(r.id);
            kept.push(toRejectionDoc(name, r.document ?? { id: r.id, _deleted: true }, r.document, r.message));
          } else kept.push(toRejectionDoc(name, refused, r.document, r.message));
          markRefused(db.conflicts, name, r.id);
          masters.push(r.document ?? { ...refused, _deleted: true });
        }
        // Nothing this phone set aside about an erased record before (a deleted-on-server
        // conflict holding the whole record, a field that lost) stays: no Restore is offered for it.
        if (erased.length) await db.conflicts.find({ selector: { collectionName: name, recordId: { $in: erased } } }).remove();
        if (kept.length) await db.conflicts.bulkUpsert(kept);
        // Removals RxDB could not apply while these changes waited: again, with the next page
        // (RxDB runs a stream event only once this push has settled).
        if (removals.afterPush(results)) stream$.next('RESYNC');
        return masters as WithDeleted<SyncDoc>[];
      },
    };
    const replication = replicateRxCollection<SyncDoc, Checkpoint>({
      collection,
      replicationIdentifier,
      live: options.live ?? true,
      retryTime: options.retryTime ?? 1000,
      waitForLeadership: options.waitForLeadership ?? true,
      // Started below, once a first sync's snapshot is stored and says where to start.
      autoStart: false,
      pull: pullOptions,
      push: pushOptions,
    });
    replications[name] = replication;
    replication.received$.subscribe((doc) => pulledBases.remember(doc));
    void (async () => {
      if (options.waitForLeadership ?? true) await db.waitForLeadership();
      const from = await bootstrap(name, collection, replicationIdentifier, backoff);
      if (cancelled) return;
      if (from) {
        // Read by start(): used only when this replication has stored no checkpoint of its own.
        pullOptions.initialCheckpoint = from.pull ?? undefined;
        pushOptions.initialCheckpoint = from.push;
      }
      await replication.start();
    })().catch((err: unknown) => console.error(`sync: ${name} could not start`, err));
  }
  const all = () => Object.values(replications);
  const resync = (collection?: CollectionName) => {
    for (const name of collection ? [collection] : names) streams[name]?.next('RESYNC');
  };
  // "Sync now" and a returning network ask at once: a request waiting out its backoff goes
  // now. Stream events do not: a server that fails every push must not be asked each time a
  // change arrives.
  const syncNow = () => {
    for (const b of backoffs.values()) b.interrupt();
    resync();
  };
  return {
    replications,
    resync,
    syncNow,
    async pause() {
      gate.close();
    },
    async start() {
      gate.open();
      syncNow();
    },
    async cancel() {
      // A start still waiting (for leadership, or a snapshot page) sees this and stops.
      cancelled = true;
      gate.open();
      await Promise.all(all().map((r) => r.cancel()));
      for (const s of Object.values(streams)) s.complete();
    },
  };
}
