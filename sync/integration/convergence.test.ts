// Convergence: several RxDB clients of every role make random creates, updates, deletes and
// hand-overs while going on and offline, including writes their role may not make (written
// straight to the local database, as a phone with stale rules would); after all reconnect
// every client equals the server, and every last write of every client either reached the
// server, or is kept as a visible conflict, or is kept as a refusal with its reason. A refused
// write never holds back the writes after it.
// Reproduce a failure with SYNC_TEST_SEED=<printed seed>.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import type { TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { createRng } from '@/lib/seed/random';
import type { ConflictDoc } from '@/sync/client/conflicts';
import { createSyncDatabase, type SyncDatabase } from '@/sync/client/create-database';
import { startReplications, type SyncEngine } from '@/sync/client/replication';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { CaughtUpCache } from '@/sync/server/caught-up-cache';
import { ChangeHub } from '@/sync/server/change-hub';
import { createSyncTestDatabase, session, TENANT_A, feedSettled, settledPull } from '@/sync/server/testing';
import { directTransport, type DirectTransport } from './direct-transport';

const SEED = Number(process.env.SYNC_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Every role: two reps (who may change only their own and unowned records) and an auditor (nothing). */
const ROLES_OF_CLIENTS = ['owner', 'manager', 'rep', 'rep', 'auditor'] as const;
const CLIENTS = ROLES_OF_CLIENTS.length;
const OPS = 1200;
const EDITABLE = ['firstName', 'lastName', 'email', 'phone', 'title'] as const;
const userOf = (i: number) => `00000000-0000-7000-8000-00000000010${i}`;

interface Client {
  name: string;
  userId: string;
  role: Role;
  db: SyncDatabase;
  engine: SyncEngine;
  transport: DirectTransport;
  /** Last value this client wrote per record and field ('__deleted' for a delete). */
  lastWrites: Map<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`convergence (seed ${SEED})`, () => {
  let t: TestDatabase;
  // Pulls go through the caught-up cache, as the route's do (notifications from the real database).
  let cache: CaughtUpCache;
  const clients: Client[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    cache = new CaughtUpCache(new ChangeHub(async () => t.db));
    for (let i = 0; i < CLIENTS; i += 1) {
      const ctx = session(TENANT_A, ROLES_OF_CLIENTS[i]!, userOf(i));
      const db = await createSyncDatabase({ name: `conv${SEED}c${i}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['contacts'] });
      const transport = directTransport(ctx, t.db, cache);
      const engine = startReplications(db, transport, { identifier: 'test', retryTime: 30, waitForLeadership: false, pullBatchSize: 50, pushBatchSize: 20 });
      clients.push({ name: `client${i}`, userId: ctx.userId, role: ctx.role, db, engine, transport, lastWrites: new Map() });
      for (const r of Object.values(engine.replications)) {
        r.error$.subscribe((e) => {
          const inner = (e.parameters as { errors?: { code?: string }[] }).errors?.[0];
          if (inner?.code !== 'offline') errors.push(`client${i}: ${e.code} ${JSON.stringify(inner)}`);
        });
      }
    }
    // The live stream: every accepted push wakes the other online clients.
    for (const c of clients) {
      c.transport.onPushed = () => {
        for (const o of clients) if (o !== c && o.transport.online) o.engine.resync('contacts');
      };
    }
  });

  afterAll(async () => {
    for (const c of clients) {
      await c.engine.cancel();
      await c.db.remove();
    }
    await cache?.close();
    await t?.dispose();
  });

  it(`${CLIENTS} clients, ${OPS} random ops with disconnects, converge`, { timeout: 120_000 }, async () => {
    const rng = createRng(SEED);
    const counts = { create: 0, update: 0, delete: 0, handOver: 0, disconnect: 0, refusedKept: 0 };
    /** An owner for a write: mostly one's own (or none), sometimes someone else's (refused for a rep). */
    const pickOwner = (c: Client) => (rng.chance(0.15) ? userOf(rng.int(0, CLIENTS - 1)) : rng.chance(0.3) ? null : c.userId);
    const fail = (msg: string) => `${msg} (reproduce with SYNC_TEST_SEED=${SEED})`;
    for (let op = 0; op < OPS; op += 1) {
      const c = rng.pick(clients);
      const roll = rng.next();
      const live = await c.db.contacts.find().exec();
      if (roll < 0.08) {
        // Network flips: requests in flight fail (a push may commit and lose its answer),
        // later ones wait until the client is back.
        c.transport.online = !c.transport.online;
        if (c.transport.online) await c.engine.start();
        else await c.engine.pause();
        counts.disconnect += 1;
      } else if (roll < 0.35 || live.length < 3) {
        const now = new Date().toISOString();
        const doc = {
          id: uuidv7(),
          firstName: `f-${c.name}-${op}`,
          lastName: `l-${c.name}-${op}`,
          email: null,
          phone: null,
          title: null,
          companyId: null,
          ownerId: pickOwner(c),
          createdAt: now,
          updatedAt: now,
        };
        await c.db.contacts.insert(doc);
        for (const f of EDITABLE) c.lastWrites.set(`${doc.id}|${f}`, doc[f]);
        counts.create += 1;
      } else if (roll < 0.42) {
        // Hand a record to someone (a rep may not; an auditor may not change anything).
        const doc = rng.pick(live);
        const ownerId = pickOwner(c);
        await doc.incrementalPatch({ ownerId, updatedAt: new Date().toISOString() });
        c.lastWrites.set(`${doc.primary}|ownerId`, ownerId);
        counts.handOver += 1;
      } else if (roll < 0.9) {
        const doc = rng.pick(live);
        const fields = [rng.pick(EDITABLE), ...(rng.chance(0.3) ? [rng.pick(EDITABLE)] : [])];
        const patch: Record<string, unknown> = { updatedAt: new Date().toISOString() };
        for (const f of fields) patch[f] = `${f}-${c.name}-${op}`;
        await doc.incrementalPatch(patch);
        for (const f of fields) c.lastWrites.set(`${doc.primary}|${f}`, patch[f]);
        counts.update += 1;
      } else {
        const doc = rng.pick(live);
        await doc.remove();
        c.lastWrites.set(`${doc.primary}|__deleted`, true);
        counts.delete += 1;
      }
      if (rng.chance(0.15)) await sleep(rng.int(0, 4));
    }

    // Everybody back online until nothing moves.
    for (const c of clients) {
      c.transport.online = true;
      await c.engine.start();
    }
    const owner = session(TENANT_A, 'owner');
    let server: AnyWireDoc[] = [];
    for (let round = 0; round < 20; round += 1) {
      await feedSettled(t.db);
      for (const c of clients) {
        c.engine.resync();
        const inSync = await Promise.race([c.engine.replications.contacts.awaitInSync(), sleep(5000).then(() => false)]);
        if (!inSync && process.env.SYNC_TEST_DEBUG) {
          const r = c.engine.replications.contacts;
          console.log('NOT IN SYNC', c.name, 'stopped', r.isStopped(), 'online', c.transport.online);
        }
      }
      server = (await settledPull(owner, 'contacts', { limit: 2000 }, t.db)).documents;
      let equal = true;
      for (const c of clients) {
        const local = (await c.db.contacts.find().exec()).map((d) => d.toJSON());
        const live = server.filter((d) => !d._deleted).map(({ _deleted, ...rest }) => rest);
        if (JSON.stringify(sortById(local)) !== JSON.stringify(sortById(live))) equal = false;
      }
      if (equal) break;
      await sleep(50);
    }

    const history = await withTenant(
      TENANT_A,
      async (tx) => (await tx.query<{ record_id: string; op: string; after: AnyWireDoc | null }>('SELECT record_id, op, after FROM record_changes ORDER BY id')).rows,
      t.db,
    );
    const live = sortById(server.filter((d) => !d._deleted).map(({ _deleted, ...rest }) => rest));
    expect(errors, fail('replication errors other than simulated disconnects')).toEqual([]);
    for (const c of clients) {
      const local = sortById((await c.db.contacts.find().exec()).map((d) => d.toJSON()));
      if (process.env.SYNC_TEST_DEBUG) {
        const serverById = new Map(server.map((d) => [d.id, d]));
        for (const d of local) {
          const s = serverById.get(d.id);
          if (!s || s._deleted || JSON.stringify(s) !== JSON.stringify({ ...d, _deleted: false })) console.log('DIFF', c.name, JSON.stringify(d), 'server:', JSON.stringify(s), 'history:', JSON.stringify(history.filter((h) => h.record_id === d.id).map((h) => h.op)));
        }
      }
      expect(local, fail(`${c.name} differs from the server`)).toEqual(live);
    }

    // Every last write either reached the server (the outbox holds it) or is a conflict.
    const finalState = new Map(server.map((d) => [d.id, d]));
    let conflictCount = 0;
    let checked = 0;
    for (const c of clients) {
      const conflicts = (await c.db.conflicts.find().exec()).map((d) => d.toJSON() as ConflictDoc);
      conflictCount += conflicts.length;
      for (const [key, value] of c.lastWrites) {
        const [id, field] = key.split('|') as [string, string];
        checked += 1;
        const recorded = conflicts.filter((x) => x.recordId === id);
        const refused = recorded.filter((x) => x.kind === 'rejected').map((x) => JSON.parse(x.localValue) as Record<string, unknown>);
        // A record this client deleted: its earlier field writes were superseded by that delete.
        if (field !== '__deleted' && c.lastWrites.has(`${id}|__deleted`)) continue;
        if (field === '__deleted') {
          const ok =
            finalState.get(id)?._deleted !== false ||
            history.some((h) => h.record_id === id && h.op === 'delete') ||
            recorded.some((x) => x.kind === 'delete-overridden') ||
            refused.some((d) => d._deleted === true);
          expect(ok, fail(`${c.name}: delete of ${id} neither applied nor a conflict`)).toBe(true);
          continue;
        }
        const reached = history.some((h) => h.record_id === id && h.after?.[field] === value);
        const kept = recorded.some(
          (x) => (x.kind === 'field' && x.field === field && JSON.parse(x.localValue) === value) || (x.kind === 'deleted-on-server' && JSON.parse(x.localValue)[field] === value),
        );
        const keptRefused = refused.some((d) => d[field] === value);
        expect(reached || kept || keptRefused, fail(`${c.name}: ${field}=${String(value)} of ${id} neither reached the server nor kept as a conflict or refusal`)).toBe(true);
        if (keptRefused && !reached && !kept) counts.refusedKept += 1;
      }
    }
    console.log(`convergence seed ${SEED}: ${JSON.stringify(counts)}, ${server.length} records (${live.length} live), ${conflictCount} conflicts, ${checked} last writes checked`);
    expect(counts.create + counts.update + counts.delete + counts.handOver).toBeGreaterThanOrEqual(1000);
    expect(counts.disconnect).toBeGreaterThan(10);
    // The run must exercise refusals: the auditor's writes and the reps' writes of others' records.
    expect(counts.refusedKept).toBeGreaterThan(10);
    // Every refusal was seen by its author, and only writers the rules limit were refused.
    for (const c of clients) {
      const refusals = (await c.db.conflicts.find().exec()).filter((x) => x.kind === 'rejected');
      if (c.role === 'owner' || c.role === 'manager') expect(refusals.length, fail(`${c.name} (${c.role}) had a change refused`)).toBe(0);
      if (c.role === 'auditor') expect(refusals.length, fail('the auditor wrote, so refusals must be kept')).toBeGreaterThan(0);
    }
  });
});

function sortById<T extends { id: unknown }>(docs: T[]): T[] {
  return [...docs].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}
