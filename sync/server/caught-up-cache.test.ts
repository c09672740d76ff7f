import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import type { Database } from '@/lib/db/types';
import { withTenant } from '@/lib/db/with-tenant';
import { signalLocalWrite } from '@/lib/records/local-writes';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { Checkpoint } from '@/sync/schema/protocol';
import { CaughtUpCache } from './caught-up-cache';
import { ChangeHub } from './change-hub';
import { pullChanges, pullChangesJson } from './pull';
import { purgeTombstones } from './purge-tombstones';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, feedSettled, session, TENANT_A, TENANT_B } from './testing';

// The caught-up fast path of the pull (caught-up-cache.ts), on the real pull and push paths
// and the real LISTEN/NOTIFY of each engine.

const ownerA = session(TENANT_A, 'owner');
const ownerB = session(TENANT_B, 'owner');

let t: TestDatabase;
/** Transactions opened on the database by the code under test. */
let transactions = 0;
let db: Database;
beforeAll(async () => {
  t = await createSyncTestDatabase();
  db = Object.assign(Object.create(t.db) as Database, {
    transaction: <T,>(fn: Parameters<Database['transaction']>[0]) => {
      transactions += 1;
      return t.db.transaction(fn) as Promise<T>;
    },
  });
});
afterAll(async () => {
  await t.dispose();
});

/** A cache on its own hub (as one app instance has), with a clock the test can move. */
function makeCache(ttlMs = 600_000, hearLocalWrites = true) {
  const clock = { now: 0 };
  const hub = new ChangeHub(async () => t.db);
  const cache = new CaughtUpCache(hub, ttlMs, () => clock.now, { hearLocalWrites });
  return { cache, hub, clock };
}

/** Pulls `collection` to the end through `cache`; returns what came and the final checkpoint. */
async function pullToEnd(cache: CaughtUpCache | undefined, checkpoint: Checkpoint | null, ctx = ownerA, limit = 50) {
  const docs: AnyWireDoc[] = [];
  for (;;) {
    const page = await pullChanges(ctx, 'contacts', { checkpoint, limit }, db, cache);
    checkpoint = page.checkpoint;
    if (page.documents.length === 0) return { docs, checkpoint };
    docs.push(...page.documents);
  }
}

const titleOf = (d: AnyWireDoc) => String((d as unknown as { title: string | null }).title);

/** Transactions `fn` opens. */
async function counted(fn: () => Promise<unknown>): Promise<number> {
  const before = transactions;
  await fn();
  return transactions - before;
}

describe('caught-up pulls', () => {
  it('a device already up to date is answered without opening a database transaction, with its own checkpoint', async () => {
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: contactDoc() }], t.db);
    await feedSettled(t.db);
    const { cache } = makeCache();
    const { checkpoint } = await pullToEnd(cache, null);
    let again: unknown;
    expect(await counted(async () => (again = await pullChanges(ownerA, 'contacts', { checkpoint, limit: 50 }, db, cache)))).toBe(0);
    expect(again).toEqual({ documents: [], checkpoint });
    // Without the cache the same pull reads the database and answers the same.
    expect(await pullChanges(ownerA, 'contacts', { checkpoint, limit: 50 }, db)).toEqual(again);
    await cache.close();
  });

  it('a change written by this process is in the very next pull', async () => {
    const { cache } = makeCache();
    await feedSettled(t.db);
    let { checkpoint } = await pullToEnd(cache, null);
    for (let i = 0; i < 20; i += 1) {
      const doc = contactDoc({ lastName: `Next${i}` });
      await pushChanges(ownerA, 'contacts', [{ newDocumentState: doc }], t.db);
      // No wait for the notification: the local signal already took the pair off the cache.
      await feedSettled(t.db);
      const got = await pullToEnd(cache, checkpoint);
      expect(got.docs.map((d) => d.id)).toEqual([doc.id]);
      checkpoint = got.checkpoint;
    }
    await cache.close();
  });

  it("another instance's change reaches this one through the commit notification, long before the TTL", async () => {
    // Deaf to this process's own writes: only the NOTIFY can tell it, as on another instance.
    const { cache, hub } = makeCache(600_000, false);
    await feedSettled(t.db);
    const { checkpoint } = await pullToEnd(cache, null);
    await pullChanges(ownerA, 'contacts', { checkpoint, limit: 50 }, db, cache); // remembered: up to date
    expect(await counted(() => pullChanges(ownerA, 'contacts', { checkpoint, limit: 50 }, db, cache))).toBe(0);
    let off = async () => undefined as void;
    const heard = new Promise<void>((resolve) => void hub.subscribe(TENANT_A, () => resolve()).then((o) => (off = o)));
    const doc = contactDoc({ lastName: 'Remote' });
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: doc }], t.db);
    await heard;
    await feedSettled(t.db);
    expect((await pullToEnd(cache, checkpoint)).docs.map((d) => d.id)).toEqual([doc.id]);
    await off();
    await cache.close();
  });

  it("keeps tenants apart: tenant A's up-to-date position answers nothing for tenant B", async () => {
    const { cache } = makeCache();
    await feedSettled(t.db);
    const a = await pullToEnd(cache, null, ownerA);
    await pullChanges(ownerA, 'contacts', { checkpoint: a.checkpoint, limit: 50 }, db, cache);
    // B writes after A's end; B asking from A's checkpoint must get B's row from the database.
    const doc = contactDoc({ lastName: 'OfTenantB' });
    await pushChanges(ownerB, 'contacts', [{ newDocumentState: doc }], t.db);
    await feedSettled(t.db);
    const b = await pullToEnd(cache, a.checkpoint, ownerB);
    expect(b.docs.map((d) => d.id)).toEqual([doc.id]);
    // And A still learns nothing of it.
    expect((await pullToEnd(cache, a.checkpoint, ownerA)).docs).toEqual([]);
    await cache.close();
  });

  it('an entry expires after the TTL; a write of this process drops it once committed, never when rolled back', async () => {
    const { cache, clock } = makeCache(5_000);
    await feedSettled(t.db);
    const { checkpoint } = await pullToEnd(cache, null);
    const pull = () => pullChanges(ownerA, 'contacts', { checkpoint, limit: 50 }, db, cache);
    await pull();
    expect(await counted(pull)).toBe(0);
    clock.now += 5_001;
    expect(await counted(pull)).toBe(1); // expired: read again, and remembered again
    expect(await counted(pull)).toBe(0);
    // A write of this process that rolls back: nothing changed, the entry stays.
    await withTenant(TENANT_A, async (tx) => {
      signalLocalWrite(tx, TENANT_A, 'contacts');
      throw new Error('roll back');
    }, t.db).catch(() => undefined);
    expect(await counted(pull)).toBe(0);
    // One that commits drops it before the writer returns, notification or not.
    await withTenant(TENANT_A, async (tx) => signalLocalWrite(tx, TENANT_A, 'contacts'), t.db);
    expect(await counted(pull)).toBe(1);
    expect(await counted(pull)).toBe(0);
    await cache.close();
  });

  it("a page asked for again is the database's earlier answer, until anything in the collection changes", async () => {
    const tenant = '00000000-0000-7000-8000-0000000000cc';
    await t.db.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Pages', 'pages')`, [tenant]);
    const owner = session(tenant, 'owner', ownerA.userId);
    const docs = Array.from({ length: 5 }, (_, i) => contactDoc({ lastName: `Page${i}` }));
    await pushChanges(owner, 'contacts', docs.map((d) => ({ newDocumentState: d })), t.db);
    await feedSettled(t.db);
    const { cache } = makeCache();
    const first = () => pullChangesJson(owner, 'contacts', { checkpoint: null, limit: 2 }, db, cache);
    const answer = await first();
    let again = '';
    expect(await counted(async () => (again = await first()))).toBe(0);
    expect(again).toBe(answer);
    expect(again).toBe(await pullChangesJson(owner, 'contacts', { checkpoint: null, limit: 2 }, t.db));
    // Another limit is another page.
    expect(await counted(() => pullChangesJson(owner, 'contacts', { checkpoint: null, limit: 3 }, db, cache))).toBe(1);
    // An edit moves a row of the first page to the end of the feed: the page changes.
    await pushChanges(owner, 'contacts', [{ assumedMasterState: docs[0]!, newDocumentState: { ...docs[0]!, lastName: 'Edited' } }], t.db);
    await feedSettled(t.db);
    const after = await first();
    expect(after).not.toBe(answer);
    expect(after).toBe(await pullChangesJson(owner, 'contacts', { checkpoint: null, limit: 2 }, t.db));
    // A purge of tombstones changes pages too, and is announced like a write.
    await pushChanges(owner, 'contacts', [{ assumedMasterState: docs[1]!, newDocumentState: { ...docs[1]!, _deleted: true } }], t.db);
    await feedSettled(t.db);
    await first();
    await purgeTombstones(tenant, new Date(Date.now() + 60_000), t.db);
    await feedSettled(t.db);
    expect(await first()).toBe(await pullChangesJson(owner, 'contacts', { checkpoint: null, limit: 2 }, t.db));
    await cache.close();
  });

  it('a copy older than the purge horizon still hears resync_required', async () => {
    const { cache } = makeCache();
    // A copy started before any purge (h = 0), holding a position before a deletion.
    await feedSettled(t.db);
    const old = await pullToEnd(cache, null);
    const doc = contactDoc({ lastName: 'Purged' });
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: doc }], t.db);
    await pushChanges(ownerA, 'contacts', [{ assumedMasterState: doc, newDocumentState: { ...doc, _deleted: true } }], t.db);
    await purgeTombstones(TENANT_A, new Date(Date.now() + 60_000), t.db);
    await feedSettled(t.db);
    // A device that is up to date after the purge makes the cache remember the end.
    const fresh = await pullToEnd(cache, null);
    await pullChanges(ownerA, 'contacts', { checkpoint: fresh.checkpoint, limit: 50 }, db, cache);
    expect(await counted(() => pullChanges(ownerA, 'contacts', { checkpoint: fresh.checkpoint, limit: 50 }, db, cache))).toBe(0);
    // The old copy asks from before the purged deletion: the database's answer, not the cache's.
    await expect(pullChanges(ownerA, 'contacts', { checkpoint: old.checkpoint, limit: 50 }, db, cache)).rejects.toThrow(/older than the deletion history/);
    // So does a copy at the end whose horizon marker predates the purge (the tombstone was its last row).
    const stale = { ...fresh.checkpoint, h: old.checkpoint.h };
    await expect(pullChanges(ownerA, 'contacts', { checkpoint: stale, limit: 50 }, db, cache)).rejects.toThrow(/older than the deletion history/);
    await cache.close();
  });
});

describe('caught-up pulls under concurrent commits (property)', () => {
  it('every puller ends with every row version exactly once: none skipped, none repeated', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('update' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('pull' as const), who: fc.integer({ min: 0, max: 2 }) }),
    );
    // Each step runs its operations at once: commits and pulls interleave on Postgres's pool.
    const steps = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 12 });
    let run = 0;
    let pulls = 0;
    const readsBefore = transactions;
    await fc.assert(
      fc.asyncProperty(steps, fc.boolean(), async (plan, hearsOwnWrites) => {
        run += 1;
        // A tenant per run, so every run starts from an empty feed.
        const tenant = `00000000-0000-7000-8000-${String(run).padStart(12, '0')}`;
        await t.db.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)`, [tenant, `Run ${run}`, `run-${run}`]);
        const ctx = session(tenant, 'owner', ownerA.userId);
        // Deaf to its own writes, it stands for another instance: only notifications tell it.
        const { cache, hub } = makeCache(600_000, hearsOwnWrites);
        let notified = 0;
        const off = await hub.subscribe(tenant, () => (notified += 1));
        const server = new Map<string, AnyWireDoc>(); // id → its last committed version
        let commits = 0;
        let version = 0;
        const pullers = [0, 1, 2].map(() => ({ checkpoint: null as Checkpoint | null, got: [] as string[], busy: Promise.resolve() }));
        // One pull at a time per device, as RxDB's replication runs them.
        const pullOnce = (p: (typeof pullers)[number]) =>
          (p.busy = p.busy.then(async () => {
            pulls += 1;
            const page = await pullChanges(ctx, 'contacts', { checkpoint: p.checkpoint, limit: 2 }, db, cache);
            p.got.push(...page.documents.map((d) => `${d.id}@${titleOf(d)}`));
            p.checkpoint = page.checkpoint;
          }));
        for (const step of plan) {
          await Promise.all(
            step.map(async (o) => {
              if (o.kind === 'pull') return pullOnce(pullers[o.who]!);
              const rows =
                o.kind === 'create' || server.size === 0
                  ? Array.from({ length: o.kind === 'create' ? o.n : 1 }, () => ({ newDocumentState: contactDoc({ title: `v${++version}` }) }))
                  : [[...server.values()][o.pick % server.size]!].map((m) => ({ assumedMasterState: m, newDocumentState: { ...m, title: `v${++version}` } }));
              // Concurrent updates of one row: one commits, the other comes back as a conflict.
              const conflicts = await pushChanges(ctx, 'contacts', rows, t.db);
              const written = rows.filter((r) => !conflicts.some((c) => c.id === r.newDocumentState.id));
              if (written.length) commits += 1;
              for (const r of written) server.set(r.newDocumentState.id, r.newDocumentState);
            }),
          );
        }
        // Every commit's notification is in, and no older transaction holds rows back.
        await expect.poll(() => notified, { timeout: 10_000 }).toBe(commits);
        await feedSettled(t.db);
        const expected = await pullToEndFor(ctx);
        for (const p of pullers) {
          for (let i = 0; i < 100; i += 1) {
            const before = p.got.length;
            await pullOnce(p);
            if (p.got.length === before) break;
          }
          // None repeated: each version arrives at most once.
          expect(new Set(p.got).size).toBe(p.got.length);
          // None skipped: the last version of every row arrived, and the final view is the server's.
          const last = new Map(p.got.map((g) => g.split('@') as [string, string]));
          expect(last).toEqual(new Map([...server].map(([id, d]) => [id, titleOf(d)])));
          expect(last).toEqual(expected);
        }
        await off();
        await cache.close();
      }),
      { numRuns: 25, seed: 20261203 },
    );
    // The fast path really answered some of them (every database read is a transaction).
    expect(transactions - readsBefore).toBeLessThan(pulls);
  }, 120_000);
});

/** The server's view of a tenant's contacts, from the database alone (no cache). */
async function pullToEndFor(ctx: ReturnType<typeof session>): Promise<Map<string, string>> {
  const view = new Map<string, string>();
  let checkpoint: Checkpoint | null = null;
  for (;;) {
    const page = await pullChanges(ctx, 'contacts', { checkpoint, limit: 500 }, t.db);
    if (page.documents.length === 0) return view;
    for (const d of page.documents) view.set(d.id, titleOf(d));
    checkpoint = page.checkpoint;
  }
}
