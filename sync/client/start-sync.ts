// Browser-only module: opens the local database of the signed-in user and tenant, starts
// replication (one leader tab for all tabs), follows the live stream, pauses offline, and
// keeps the sync status store current. Import it dynamically from a client component.
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { combineLatest, debounceTime, distinctUntilChanged, filter, map, merge, Subject } from 'rxjs';
import { z } from 'zod';
import { ROLES, type Role } from '@/lib/auth/roles';
import { collectionNameSchema } from '@/sync/schema/collections';
import { directorySchema, type Colleague } from '@/sync/schema/directory';
import { STREAM_EVENT } from '@/sync/schema/protocol';
import { BOOTSTRAP_CONTEXT } from './bootstrap';
import { createSyncDatabase, type SyncDatabase } from './create-database';
import { conflictNoticeReader, httpNoticeReader } from './conflict-notices';
import { countPendingPushes } from './pending-count';
import { setRecordActor } from './record-actor';
import { forgetIdentity, IDENTITY_KEY } from './remembered-identity';
import { startReplications, type SyncEngine } from './replication';
import { isQuotaError, QUOTA_MESSAGE } from './storage-errors';
import { setSyncStatus, syncStatusStore } from './sync-status-store';
import { httpTransport } from './transport';

export interface SyncHandle {
  db: SyncDatabase;
  engine: SyncEngine;
  /** The signed-in user this database belongs to ("my tasks", owner of new records). */
  userId: string;
  /** Their role, team and colleagues as last told by the server (remembered for offline use). */
  role: Role | null;
  team: string | null;
  people: readonly Colleague[];
  /** Pull everything now (the "Sync now" button). */
  syncNow(): void;
}

// Role, team and people are optional: an identity remembered by an older release has none
// (see record-actor.ts); the screens then name no colleagues until the next time online.
const identitySchema = z.object({
  userId: z.uuid(),
  tenantId: z.uuid(),
  role: z.enum(ROLES).optional(),
  team: z.string().nullable().optional(),
  // A directory the phone cannot read names nobody; it never stops sync from starting.
  people: directorySchema.optional().catch(undefined),
});
type Identity = z.infer<typeof identitySchema>;
/** RxDB writes pulled documents with this bulk-write context (rxdb/src/replication-protocol). */
const DOWNSTREAM_CONTEXT = 'replication-downstream-';
/** Stable: changing it makes every browser pull everything again. */
const REPLICATION_ID = 'crm-sync-v1';

/** The sync status while a request fails in transport: cleared once the replications go idle. */
const UNREACHABLE_MESSAGE = 'The server could not be reached; retrying.';

let started: Promise<SyncHandle | null> | null = null;

/** Starts sync once per page; resolves null when nobody is signed in. */
export function startSync(): Promise<SyncHandle | null> {
  if (typeof window === 'undefined') throw new Error('startSync runs in the browser only');
  started ??= boot().catch((err: unknown) => {
    setSyncStatus({ phase: 'error', error: isQuotaError(err) ? QUOTA_MESSAGE : 'The offline database could not be opened.' });
    console.error('sync start failed', err);
    started = null;
    return null;
  });
  return started;
}

/** Who we sync as: asked from the server, remembered so a reload while offline still opens the right database. */
async function identify(): Promise<Identity | 'signed-out' | null> {
  try {
    const res = await fetch('/api/sync/session', { credentials: 'same-origin' });
    if (res.status === 401) {
      forgetIdentity();
      return 'signed-out';
    }
    if (res.ok) {
      const identity = identitySchema.parse(await res.json());
      localStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
      return identity;
    }
  } catch {
    // offline: fall back to the remembered identity
  }
  const saved = identitySchema.safeParse(JSON.parse(localStorage.getItem(IDENTITY_KEY) ?? 'null'));
  return saved.success ? saved.data : null;
}

async function boot(): Promise<SyncHandle | null> {
  const identity = await identify();
  if (identity === 'signed-out') {
    setSyncStatus({ phase: 'signed-out' });
    return null;
  }
  if (!identity) {
    setSyncStatus({ phase: 'offline', online: false, error: null });
    return null;
  }
  setRecordActor(identity.role ? { userId: identity.userId, role: identity.role } : null);
  // One database per user and tenant: a shared phone never mixes two people's or two tenants' data.
  const name = `crm_${identity.tenantId}_${identity.userId}`.replace(/-/g, '');
  const db = await createSyncDatabase({ name, storage: getRxStorageDexie(), multiInstance: true });
  void navigator.storage?.persist?.().then((persisted) => setSyncStatus({ persisted }));

  let signedOut = false;
  const onUnauthorized = async (): Promise<boolean> => {
    // next-auth renews a session that is still valid when it is read; try that once.
    const refreshed = await fetch('/api/auth/session', { credentials: 'same-origin' }).catch(() => null);
    const check = refreshed ? await fetch('/api/sync/session', { credentials: 'same-origin' }).catch(() => null) : null;
    if (check?.ok) return true;
    if (!signedOut) {
      signedOut = true;
      // Pending changes stay in IndexedDB; the next sign-in of this user pushes them.
      await engine.pause();
      stream?.close();
      setSyncStatus({ phase: 'signed-out', error: null });
    }
    return false;
  };
  const fetchWithAuth: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (res.status !== 401) return res;
    return (await onUnauthorized()) ? fetch(input, init) : res;
  };
  const engine = startReplications(db, httpTransport('/api/sync', fetchWithAuth), {
    identifier: REPLICATION_ID,
    onSnapshotProgress: ({ collections, loading }) => {
      if (loading.length === 0) return setSyncStatus({ initialSync: null });
      const counts = Object.values(collections);
      const total = counts.some((c) => c.total === null) ? null : counts.reduce((n, c) => n + (c.total ?? 0), 0);
      setSyncStatus({ phase: 'syncing', initialSync: { stored: counts.reduce((n, c) => n + c.stored, 0), total } });
    },
  });

  // Other people's values set aside because this person's stayed: read on every (re)connect
  // and whenever the stream says there is a new one. A failed read is tried at the next.
  const notices = conflictNoticeReader(db, httpNoticeReader('/api/sync/conflicts', fetchWithAuth));
  const readNotices = () => void notices.refresh().catch((err: unknown) => console.warn('conflict notices not read', err));

  let stream: EventSource | null = null;
  const openStream = () => {
    stream?.close();
    stream = new EventSource('/api/sync/stream');
    stream.addEventListener(STREAM_EVENT.resync, () => {
      engine.resync();
      readNotices();
    });
    stream.addEventListener(STREAM_EVENT.notices, readNotices);
    stream.addEventListener(STREAM_EVENT.change, (e) => {
      const parsed = collectionNameSchema.safeParse((JSON.parse((e as MessageEvent<string>).data) as { collection?: unknown }).collection);
      if (parsed.success) engine.resync(parsed.data);
    });
    // Replaced by a newer stream of the same person (the server caps them): stay closed instead
    // of reconnecting and pushing that one out in turn. Pulls still run; going online reopens it.
    stream.addEventListener(STREAM_EVENT.closed, () => stream?.close());
  };

  const goOffline = () => {
    void engine.pause();
    stream?.close();
    setSyncStatus({ online: false, phase: 'offline' });
  };
  const goOnline = () => {
    if (signedOut) return;
    setSyncStatus({ online: true, phase: 'syncing', error: null });
    void engine.start();
    openStream();
  };
  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);

  const replications = Object.values(engine.replications);
  void db.waitForLeadership().then(() => {
    if (navigator.onLine) openStream();
  });
  setSyncStatus({ phase: navigator.onLine ? 'follower' : 'offline', online: navigator.onLine });
  if (!navigator.onLine) void engine.pause();

  const idle$ = new Subject<void>();
  combineLatest(replications.map((r) => r.active$.pipe(distinctUntilChanged())))
    .pipe(
      map((flags) => flags.some(Boolean)),
      distinctUntilChanged(),
    )
    .subscribe((active) => {
      if (!active) idle$.next();
      const s = syncStatusStore.getState();
      if (signedOut || !s.online || !db.isLeader()) return;
      if (active) setSyncStatus({ phase: 'syncing' });
      // A first sync loads before the replications run: not synced until it is done. Idle means
      // every request since has succeeded (RxDB stays active while it retries one), so a
      // transient "could not be reached" is over: it came, for example, from a request that
      // failed offline and was answered only once the network was back (seen in CI).
      else if ((s.phase !== 'error' || s.error === UNREACHABLE_MESSAGE) && !s.initialSync) {
        setSyncStatus({ phase: 'synced', lastSyncedAt: new Date().toISOString(), error: null });
      }
    });

  for (const r of replications) {
    r.error$.subscribe((err) => {
      if (signedOut) return;
      // RxDB passes our SyncRequestError on as plain JSON; its `code` survives.
      const inner = (err.parameters as { errors?: { code?: unknown }[] }).errors?.[0];
      if (isQuotaError(err)) setSyncStatus({ phase: 'error', error: QUOTA_MESSAGE });
      else if (!navigator.onLine) setSyncStatus({ phase: 'offline', online: false });
      else if (inner?.code === 'forbidden' || inner?.code === 'mfa_required') {
        setSyncStatus({ phase: 'error', error: 'The server refused to sync: sign in again.' });
      } else setSyncStatus({ phase: 'error', error: UNREACHABLE_MESSAGE });
    });
  }

  // Recount after a local write, a push, and whenever replication goes idle — not on every
  // document pulled: during an initial sync of 70,000 records, recounting on received
  // documents cost 7 of 27 seconds (bench/sync/browser-initial-pull.ts). Pulled documents
  // are written with RxDB's downstream context, snapshot pages with the bootstrap's: that
  // is how local writes are told apart.
  const localWrites = db.eventBulks$.pipe(
    filter((bulk) => !bulk.isLocal && !bulk.context.startsWith(DOWNSTREAM_CONTEXT) && bulk.context !== BOOTSTRAP_CONTEXT),
  );
  merge(localWrites, idle$, ...replications.map((r) => r.sent$))
    .pipe(debounceTime(300))
    .subscribe(() => void refreshPending());
  const refreshPending = async () => {
    if (!db.isLeader()) return setSyncStatus({ pending: null });
    try {
      const counts = await Promise.all(replications.map((r) => countPendingPushes(r)));
      setSyncStatus({ pending: counts.some((c) => c === null) ? null : counts.reduce<number>((a, c) => a + (c ?? 0), 0) });
    } catch {
      // counting is best effort; the next change recounts
    }
  };
  db.conflicts.count().$.subscribe((n) => setSyncStatus({ conflicts: n }));
  void refreshPending();
  // Counting needs the running replications: they start once this tab leads, which may be
  // after the first count above (a reload while offline showed no pending count until then).
  void Promise.all(replications.map((r) => r.startPromise)).then(() => refreshPending());

  const handle: SyncHandle = {
    db,
    engine,
    userId: identity.userId,
    role: identity.role ?? null,
    team: identity.team ?? null,
    people: identity.people ?? [],
    syncNow: () => engine.syncNow(),
  };
  // For the browser tests and support: the same data this user's scripts can already read from IndexedDB.
  (window as unknown as { __crmSync?: SyncHandle }).__crmSync = handle;
  return handle;
}
