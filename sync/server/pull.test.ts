import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { AppError } from '@/lib/http/app-error';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { Checkpoint } from '@/sync/schema/protocol';
import { CaughtUpCache } from './caught-up-cache';
import { ChangeHub, type CommittedChange } from './change-hub';
import { openChangeStream } from './change-stream';
import { pullChanges } from './pull';
import { purgeExpiredTombstones, purgeTombstones } from './purge-tombstones';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, session, TENANT_A, TENANT_B, settledPull } from './testing';

const ownerA = session(TENANT_A, 'owner');
const auditorA = session(TENANT_A, 'auditor');
const ownerB = session(TENANT_B, 'owner');

async function pullAll(ctx: typeof ownerA, db: TestDatabase['db'], checkpoint: Checkpoint | null = null, limit = 7) {
  const docs: AnyWireDoc[] = [];
  let pages = 0;
  for (;;) {
    const page = await settledPull(ctx, 'contacts', { checkpoint, limit }, db);
    pages += 1;
    docs.push(...page.documents);
    if (page.documents.length === 0) return { docs, checkpoint, pages };
    checkpoint = page.checkpoint;
  }
}

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return `${e.status} ${e.code}`;
    throw e;
  }
}

describe('pullChanges', () => {
  let t: TestDatabase;
  const aDocs = Array.from({ length: 20 }, (_, i) => contactDoc({ lastName: `A${i}` }));
  beforeAll(async () => {
    t = await createSyncTestDatabase();
    await pushChanges(ownerA, 'contacts', aDocs.map((d) => ({ newDocumentState: d })), t.db);
    await pushChanges(ownerB, 'contacts', [{ newDocumentState: contactDoc({ lastName: 'B only' }) }], t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('pages through the feed in order, then returns the same checkpoint with no documents', async () => {
    const { docs, checkpoint, pages } = await pullAll(ownerA, t.db);
    expect(docs.map((d) => d.lastName)).toEqual(aDocs.map((d) => d.lastName));
    expect(pages).toBe(4);
    const again = await settledPull(ownerA, 'contacts', { checkpoint, limit: 10 }, t.db);
    expect(again).toEqual({ documents: [], checkpoint });
    // An auditor reads everything too.
    expect((await pullAll(auditorA, t.db)).docs).toHaveLength(20);
  });

  it('an update moves the record to the end of the feed; pulling from the old checkpoint returns just it', async () => {
    const { checkpoint } = await pullAll(ownerA, t.db);
    const target = aDocs[3]!;
    const edited = { ...target, title: 'Director' };
    await pushChanges(ownerA, 'contacts', [{ assumedMasterState: target, newDocumentState: edited }], t.db);
    const next = await settledPull(ownerA, 'contacts', { checkpoint, limit: 10 }, t.db);
    expect(next.documents).toEqual([edited]);
    aDocs[3] = edited;
  });

  it('tenant B never sees tenant A, with any checkpoint (forged ones included)', async () => {
    const b = await pullAll(ownerB, t.db);
    expect(b.docs.map((d) => d.lastName)).toEqual(['B only']);
    const aCheckpoint = (await settledPull(ownerA, 'contacts', { limit: 1 }, t.db)).checkpoint;
    for (const checkpoint of [aCheckpoint, { xid: '0', seq: 0, h: 0 }, { xid: '1', seq: 1, h: 0 }]) {
      const page = await settledPull(ownerB, 'contacts', { checkpoint, limit: 2000 }, t.db);
      expect(page.documents.every((d) => d.lastName === 'B only')).toBe(true);
    }
    const far = await settledPull(ownerB, 'contacts', { checkpoint: { xid: '18446744073709551615', seq: 0, h: 0 }, limit: 10 }, t.db);
    expect(far.documents).toEqual([]);
  });

  it('counts what is left when asked (the progress bar of a first sync): its own tenant only, and not from the page cache', async () => {
    const all = await pullAll(ownerA, t.db);
    const first = await settledPull(ownerA, 'contacts', { limit: 3, count: true }, t.db);
    expect(first.remaining).toBe(all.docs.length);
    const later = await settledPull(ownerA, 'contacts', { checkpoint: first.checkpoint, limit: 3, count: true }, t.db);
    expect(later.remaining).toBe(all.docs.length - 3);
    expect((await settledPull(ownerB, 'contacts', { limit: 3, count: true }, t.db)).remaining).toBe(1);
    // Not asked: not answered (and an uncounted page is what the cache may hold).
    expect(await settledPull(ownerA, 'contacts', { limit: 3 }, t.db)).not.toHaveProperty('remaining');
    const cache = new CaughtUpCache(new ChangeHub(async () => t.db));
    await pullChanges(ownerA, 'contacts', { limit: 3 }, t.db, cache);
    expect((await pullChanges(ownerA, 'contacts', { limit: 3, count: true }, t.db, cache)).remaining).toBe(all.docs.length);
    expect(await codeOf(settledPull(ownerA, 'contacts', { limit: 3, count: 'yes' }, t.db))).toBe('422 validation_failed');
    await cache.close();
  });

  it('refuses bad requests with 4xx', async () => {
    expect(await codeOf(settledPull(ownerA, 'nope', { limit: 1 }, t.db))).toBe('404 not_found');
    expect(await codeOf(settledPull(ownerA, 'contacts', { checkpoint: { xid: "1'; DROP TABLE contacts; --", seq: 1, h: 0 } }, t.db))).toBe('422 validation_failed');
    expect(await codeOf(settledPull(ownerA, 'contacts', { checkpoint: { xid: '1', seq: -1, h: 0 } }, t.db))).toBe('422 validation_failed');
    expect(await codeOf(settledPull(ownerA, 'contacts', { checkpoint: { xid: '99999999999999999999', seq: 1, h: 0 } }, t.db))).toBe('422 validation_failed');
    expect(await codeOf(settledPull(ownerA, 'contacts', { limit: 100_000 }, t.db))).toBe('422 validation_failed');
    expect(await codeOf(settledPull(ownerA, 'contacts', 'garbage', t.db))).toBe('422 validation_failed');
    expect(await codeOf(settledPull(ownerA, 'contacts', { limit: 1, extra: true }, t.db))).toBe('422 validation_failed');
  });

  it('tombstones past the retention window are purged and older checkpoints must resync (410)', async () => {
    const before = (await pullAll(ownerA, t.db)).checkpoint;
    const victim = aDocs[5]!;
    await pushChanges(ownerA, 'contacts', [{ assumedMasterState: victim, newDocumentState: { ...victim, _deleted: true } }], t.db);
    const afterDelete = (await pullAll(ownerA, t.db)).checkpoint;
    // Not old enough yet: nothing purged.
    expect((await purgeTombstones(TENANT_A, new Date(Date.now() - 86_400_000), t.db)).contacts).toBe(0);
    expect(await purgeTombstones(TENANT_A, new Date(Date.now() + 1000), t.db)).toMatchObject({ contacts: 1 });
    expect(await codeOf(settledPull(ownerA, 'contacts', { checkpoint: before, limit: 10 }, t.db))).toBe('410 resync_required');
    // A client that had seen the deletion, and a fresh pull, carry on; the record is gone.
    expect(await codeOf(settledPull(ownerA, 'contacts', { checkpoint: afterDelete, limit: 10 }, t.db))).toBe('ok');
    const fresh = await pullAll(ownerA, t.db);
    expect(fresh.docs.find((d) => d.id === victim.id)).toBeUndefined();
    // Tenant B's horizon is its own.
    expect(await codeOf(settledPull(ownerB, 'contacts', { checkpoint: { xid: '1', seq: 1, h: 0 }, limit: 10 }, t.db))).toBe('ok');
  });
});

describe('purgeExpiredTombstones', () => {
  it('purges tombstones older than SYNC_TOMBSTONE_RETENTION_DAYS (default 90) and keeps younger ones', async () => {
    const t = await createSyncTestDatabase();
    try {
      const old = contactDoc();
      const young = contactDoc();
      await pushChanges(ownerA, 'contacts', [{ newDocumentState: { ...old, _deleted: false } }, { newDocumentState: young }], t.db);
      await pushChanges(ownerA, 'contacts', [{ assumedMasterState: old, newDocumentState: { ...old, _deleted: true } }, { assumedMasterState: young, newDocumentState: { ...young, _deleted: true } }], t.db);
      const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
      await withTenant(TENANT_A, (tx) => tx.query('UPDATE contacts SET deleted_at = $2 WHERE id = $1', [old.id, ago(91)]), t.db);
      await withTenant(TENANT_A, (tx) => tx.query('UPDATE contacts SET deleted_at = $2 WHERE id = $1', [young.id, ago(89)]), t.db);
      expect((await purgeExpiredTombstones(TENANT_A, new Date(), t.db)).contacts).toBe(1);
      const left = (await settledPull(ownerA, 'contacts', { limit: 10 }, t.db)).documents.map((d) => d.id);
      expect(left).toEqual([young.id]);
    } finally {
      await t.dispose();
    }
  });
});

describe('live stream', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  async function collect(ctx: typeof ownerA, hub: ChangeHub, act: () => Promise<void>) {
    const abort = new AbortController();
    const res = await openChangeStream(ctx, abort.signal, hub);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // The resync frame is sent once the subscription is live: act only after it.
    while (!text.includes('event: resync')) {
      const { value } = await reader.read();
      text += decoder.decode(value);
    }
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
      }
    })();
    await act();
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    await reading;
    return text;
  }

  /** An open stream, read in the background, that a test can wait on by content rather than by timer. */
  async function openStream(ctx: typeof ownerA, hub: ChangeHub) {
    const abort = new AbortController();
    const reader = (await openChangeStream(ctx, abort.signal, hub)).body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readOnce = async () => {
      const { done, value } = await reader.read();
      if (!done) text += decoder.decode(value);
      return !done;
    };
    while (!text.includes('event: resync')) await readOnce();
    const reading = (async () => {
      while (await readOnce());
    })();
    return {
      events: () => text.split('\n\n').filter((e) => e.startsWith('event:')),
      async waitFor(pattern: string, ms = 15_000) {
        for (const end = Date.now() + ms; !text.includes(pattern) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
      },
      async close() {
        abort.abort();
        await reading;
      },
    };
  }

  it('sends resync on connect and change events of its own tenant only', async () => {
    const hub = new ChangeHub(async () => t.db);
    // Both streams are live before either write, and each waits for its own event however slow
    // the machine is (a fixed 500 ms window missed tenant B's event under load).
    const a = await openStream(ownerA, hub);
    const b = await openStream(ownerB, hub);
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: contactDoc() }], t.db);
    await pushChanges(ownerB, 'contacts', [{ newDocumentState: contactDoc() }], t.db);
    await a.waitFor('event: change');
    // One hub delivers notifications in commit order: once B has its (later) event, a leak of
    // it to A has been dispatched too; a moment more lets A's reader take it in.
    await b.waitFor('event: change');
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all([a.close(), b.close()]);
    const change = 'event: change\ndata: {"collection":"contacts"}';
    expect(a.events()).toEqual(['event: resync\ndata: {}', change]);
    expect(b.events()).toEqual(['event: resync\ndata: {}', change]);
  });

  it('tells an open stream to resync when the LISTEN connection was lost and is back', async () => {
    let lose: ((err: Error) => void) | undefined;
    const hub = new ChangeHub(async () =>
      Object.assign(Object.create(t.db) as typeof t.db, {
        listen: (channel: string, on: (p: string) => void, onLost?: (err: Error) => void) => {
          lose = onLost;
          return t.db.listen(channel, on);
        },
      }),
    );
    const a = await openStream(ownerA, hub);
    lose!(new Error('connection reset'));
    await a.waitFor('event: resync\ndata: {}\n\nevent: resync');
    await a.close();
    expect(a.events()).toEqual(['event: resync\ndata: {}', 'event: resync\ndata: {}']);
  });

  it('a client that leaves before the subscription is live leaves no listener behind', async () => {
    const hub = new ChangeHub(async () => t.db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowHub = Object.assign(Object.create(hub) as ChangeHub, {
      subscribe: async (tenantId: string, listener: (c: CommittedChange) => void) => {
        await gate;
        return hub.subscribe(tenantId, listener);
      },
    });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const res = await openChangeStream(ownerA, new AbortController().signal, slowHub);
      await res.body!.cancel();
      release();
      await new Promise((r) => setTimeout(r, 100));
      // The cancelled stream unsubscribed once it noticed; a change now enqueues nothing.
      expect(hub.listenerCount(TENANT_A)).toBe(0);
      await pushChanges(ownerA, 'contacts', [{ newDocumentState: contactDoc() }], t.db);
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('a rolled-back write notifies nobody', async () => {
    const hub = new ChangeHub(async () => t.db);
    const text = await collect(ownerA, hub, async () => {
      // Refused (a rep giving a record away): the transaction rolls back, so no event.
      const refused = pushChanges(session(TENANT_A, 'rep'), 'contacts', [{ newDocumentState: contactDoc({ ownerId: '00000000-0000-7000-8000-000000000999' }) }], t.db);
      await expect(refused).rejects.toThrow(/You can only own contacts yourself/);
      await withTenant(TENANT_A, async (tx) => {
        await tx.query(`SELECT pg_notify('crm_record_changes', '{"t":"${TENANT_A}","c":"deals"}')`);
        throw new Error('roll back');
      }, t.db).catch(() => undefined);
    });
    expect(text).not.toContain('event: change');
  });
});
