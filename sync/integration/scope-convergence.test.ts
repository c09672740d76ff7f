// Sync scopes 'own', 'team' and 'territory' with real RxDB clients of every role: random
// creates, edits and hand-overs of companies, contacts and deals (a deal brings its contact
// into its owner's scope, a contact its company), companies moved to other countries and
// contacts to other companies (taking them between territories), while clients go on and
// offline, including edits of records that left a client's scope while it was offline, and a
// person moved to another team (scope 'team') or given other territories ('territory')
// halfway. After all reconnect, every client holds exactly the records in its person's scope,
// each equal to the server's, and every last write either reached the server or is kept as a
// refusal or conflict for its author. Reproduce a failure with SYNC_TEST_SEED=<printed seed>.
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import type { TestDatabase } from '@/lib/db/testing';
import { createRng } from '@/lib/seed/random';
import { withSystem, withTenant } from '@/lib/db/with-tenant';
import { updateMember } from '@/lib/tenancy/members';
import { setSyncScope } from '@/lib/tenancy/sync-scope-service';
import type { ConflictDoc } from '@/sync/client/conflicts';
import { createSyncDatabase, type SyncDatabase } from '@/sync/client/create-database';
import { startReplications, type SyncEngine } from '@/sync/client/replication';
import { COLLECTIONS } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { docJsonSql } from '@/lib/records/record-sql';
import { CaughtUpCache } from '@/sync/server/caught-up-cache';
import { ChangeHub } from '@/sync/server/change-hub';
import { readPersonScope } from '@/sync/server/scope-people';
import { inScopeSql, scopeRefs } from '@/sync/server/scoped-pull';
import { companyDoc, dealDoc, feedSettled, session, TENANT_A, createSyncTestDatabase } from '@/sync/server/testing';
import { SyncRequestError } from '@/sync/client/transport';
import { RESYNC_REQUIRED } from '@/sync/schema/protocol';
import { directTransport, type DirectTransport } from './direct-transport';

const SEED = Number(process.env.SYNC_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROLES = ['manager', 'rep', 'rep', 'auditor'] as const;
const OPS = 500;
const COUNTRIES = ['France', 'Germany', 'Spain', null] as const;
const userOf = (i: number) => `00000000-0000-7000-8000-00000000020${i}`;
/** Scope 'team': the manager and the first rep are one team, the second rep another, the auditor in none. */
const TEAMS = ['North', 'North', 'South', null] as const;
/** Scope 'territory': the manager covers France and Germany, the reps one each (any case), the auditor none. */
const TERRITORIES = [['France', 'Germany'], ['france'], ['GERMANY'], []] as const;
const owner = session(TENANT_A, 'owner');

interface Client {
  name: string;
  userId: string;
  role: Role;
  db: SyncDatabase;
  engine: SyncEngine;
  transport: DirectTransport;
  /** Last value this client wrote per collection, record and field. */
  lastWrites: Map<string, unknown>;
  /** Records this client deleted. */
  deleted: Set<string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sortById = <T extends { id: unknown }>(docs: T[]) => [...docs].sort((a, b) => String(a.id).localeCompare(String(b.id)));

describe.each(['own', 'team', 'territory'] as const)(`scope convergence, scope %s (seed ${SEED})`, (scope) => {
  let t: TestDatabase;
  let cache: CaughtUpCache;
  const clients: Client[] = [];
  const errors: string[] = [];
  // Free RxDB opens at most 13 collections in a process: the territory run, which needs
  // companies too, has no auditor's phone (the other runs cover the auditor's refusals).
  const names = scope === 'territory' ? (['companies', 'contacts', 'deals'] as const) : (['contacts', 'deals'] as const);
  const hasCompanies = scope === 'territory';
  const phones = scope === 'territory' ? 3 : ROLES.length;
  /** Per client, pulls answered resync_required: a copy made for an earlier team or territories. */
  const resyncs: number[] = [];

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    await withSystem(async (tx) => {
      for (const [i, ctx] of [owner, ...ROLES.map((r, i) => session(TENANT_A, r, userOf(i)))].entries()) {
        await tx.query(`INSERT INTO users (id, email, name) VALUES ($1, $2, $2)`, [ctx.userId, `person${i}@scope.test`]);
        await tx.query(`INSERT INTO memberships (tenant_id, user_id, role, team, territories) VALUES ($1, $2, $3, $4, $5)`, [
          TENANT_A,
          ctx.userId,
          ctx.role,
          i === 0 ? null : TEAMS[i - 1],
          i === 0 ? [] : [...TERRITORIES[i - 1]!],
        ]);
      }
    }, t.db);
    await setSyncScope(owner, { scope }, t.db);
    cache = new CaughtUpCache(new ChangeHub(async () => t.db));
    for (let i = 0; i < phones; i += 1) {
      const ctx = session(TENANT_A, ROLES[i]!, userOf(i));
      const db = await createSyncDatabase({ name: `scope${SEED}c${i}`, storage: getRxStorageMemory(), multiInstance: false, collections: [...names] });
      const transport = directTransport(ctx, t.db, cache);
      const pull = transport.pull;
      transport.pull = async (collection, body) =>
        pull(collection, body).catch((err: unknown) => {
          if (err instanceof SyncRequestError && err.code === RESYNC_REQUIRED) resyncs[i] = (resyncs[i] ?? 0) + 1;
          throw err;
        });
      const engine = startReplications(db, transport, { identifier: 'test', retryTime: 30, waitForLeadership: false, pullBatchSize: 20, pushBatchSize: 10 });
      clients.push({ name: `client${i}`, userId: ctx.userId, role: ctx.role, db, engine, transport, lastWrites: new Map(), deleted: new Set() });
      for (const r of Object.values(engine.replications)) {
        r.error$.subscribe((e) => {
          const inner = (e.parameters as { errors?: { code?: string }[] }).errors?.[0];
          if (inner?.code !== 'offline') errors.push(`client${i}: ${e.code} ${JSON.stringify(inner)}`);
        });
      }
    }
    // The live stream: a push wakes every online client (a deal's write moves contacts too).
    for (const c of clients) {
      c.transport.onPushed = () => {
        for (const o of clients) if (o.transport.online) o.engine.resync();
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

  /** The server's records of `def` in `userId`'s scope, as wire documents without `_deleted`. */
  async function inScope(def: CollectionDef, userId: string) {
    return withTenant(
      TENANT_A,
      async (tx) => {
        const person = await readPersonScope(tx, TENANT_A, userId);
        if (person.scope !== scope) throw new Error(`the tenant's scope is ${person.scope}`);
        const { refs, values } = scopeRefs(person, 1, 2);
        const { rows } = await tx.query<{ doc: string }>(`SELECT ${docJsonSql(def, 'r')}::text AS doc FROM ${def.table} r WHERE NOT r.deleted AND ${inScopeSql(def, 'r', refs)}`, values);
        return rows.map((r) => {
          const { _deleted, ...rest } = JSON.parse(r.doc) as Record<string, unknown> & { id: string };
          return rest as { id: string };
        });
      },
      t.db,
    );
  }

  it(`${phones} clients, ${OPS} random ops with hand-overs and disconnects, each ends holding exactly its scope`, { timeout: 180_000 }, async () => {
    const rng = createRng(SEED);
    const counts = { create: 0, update: 0, handOver: 0, link: 0, relocate: 0, disconnect: 0, refusedKept: 0, removed: 0, companiesDeleted: 0 };
    const fail = (msg: string) => `${msg} (reproduce with SYNC_TEST_SEED=${SEED})`;
    const someone = () => userOf(rng.int(0, ROLES.length - 1));
    const pipelineId = uuidv7();
    for (let op = 0; op < OPS; op += 1) {
      // Halfway, the second rep joins the first team (names compare without case): the phones
      // of both teams hold other people's records from now on.
      if (scope === 'team' && op === OPS / 2) await updateMember(owner, userOf(2), { team: 'north' }, t.db);
      // Halfway, the second rep's territories become Spain and France instead of Germany.
      if (scope === 'territory' && op === OPS / 2) await updateMember(owner, userOf(2), { territories: ['Spain', 'France'] }, t.db);
      const c = rng.pick(clients);
      const roll = rng.next();
      const companies = hasCompanies ? await c.db.companies.find().exec() : [];
      const contacts = await c.db.contacts.find().exec();
      const deals = await c.db.deals.find().exec();
      const now = new Date().toISOString();
      if (roll < 0.07) {
        c.transport.online = !c.transport.online;
        if (c.transport.online) await c.engine.start();
        else await c.engine.pause();
        counts.disconnect += 1;
      } else if (hasCompanies && (roll < 0.13 || companies.length < 1)) {
        // A company of one's own (or a manager's hand-out), in one of the countries or none.
        const ownerId = c.role === 'manager' && rng.chance(0.5) ? someone() : c.userId;
        const { _deleted, ...doc } = companyDoc({ name: `c-${c.name}-${op}`, country: rng.pick([...COUNTRIES]), ownerId, createdAt: now, updatedAt: now });
        await c.db.companies.insert(doc);
        c.lastWrites.set(`companies|${doc.id}|name`, doc.name);
        counts.create += 1;
      } else if (roll < 0.3 || contacts.length < 2) {
        // A contact of one's own, or (a manager's hand-out) someone else's, at a held company or none.
        const ownerId = c.role === 'manager' && rng.chance(0.5) ? someone() : c.userId;
        const companyId = companies.length > 0 && rng.chance(0.6) ? rng.pick(companies).primary : null;
        const doc = { id: uuidv7(), firstName: `f${op}`, lastName: `l-${c.name}-${op}`, email: null, phone: null, title: null, companyId, ownerId, createdAt: now, updatedAt: now };
        await c.db.contacts.insert(doc);
        c.lastWrites.set(`contacts|${doc.id}|lastName`, doc.lastName);
        counts.create += 1;
      } else if (roll < 0.42) {
        // A deal linking one of the contacts this client holds: brings it into the deal owner's scope.
        const contact = rng.pick(contacts);
        const ownerId = c.role === 'manager' && rng.chance(0.5) ? someone() : c.userId;
        // At the contact's company: the deal is in that company's territory too.
        const companyId = (contact.get('companyId') as string | null) ?? null;
        const { _deleted, ...doc } = dealDoc({ name: `d-${c.name}-${op}`, pipelineId, contactId: contact.primary, companyId, ownerId, createdAt: now, updatedAt: now });
        await c.db.deals.insert(doc);
        c.lastWrites.set(`deals|${doc.id}|name`, doc.name);
        counts.link += 1;
      } else if (roll < 0.54 && deals.length > 0) {
        // Hand a deal (and so its contact) to someone: a manager may, a rep's attempt is refused.
        const deal = rng.pick(deals);
        const ownerId = someone();
        await deal.incrementalPatch({ ownerId, updatedAt: now });
        c.lastWrites.set(`deals|${deal.primary}|ownerId`, ownerId);
        counts.handOver += 1;
      } else if (hasCompanies && roll < 0.64) {
        // A company moved to another country or deleted, or a contact to another company: records change territory.
        const roll2 = rng.next();
        if (roll2 < 0.1) {
          // Its records stay, in no territory; only owners and managers may delete it.
          const company = rng.pick(companies);
          await company.remove();
          c.deleted.add(company.primary);
          // The deletion is this client's last write of the company: earlier ones are superseded.
          for (const key of [...c.lastWrites.keys()]) if (key.startsWith(`companies|${company.primary}|`)) c.lastWrites.delete(key);
          counts.companiesDeleted += 1;
        } else if (roll2 < 0.55) {
          const company = rng.pick(companies);
          const country = rng.pick([...COUNTRIES]);
          await company.incrementalPatch({ country, updatedAt: now });
          c.lastWrites.set(`companies|${company.primary}|country`, country);
        } else {
          const contact = rng.pick(contacts);
          const companyId = rng.pick(companies).primary;
          await contact.incrementalPatch({ companyId, updatedAt: now });
          c.lastWrites.set(`contacts|${contact.primary}|companyId`, companyId);
        }
        counts.relocate += 1;
      } else {
        // An edit of a held record (which may have left this person's scope meanwhile).
        const useDeal = deals.length > 0 && rng.chance(0.4);
        const doc = useDeal ? rng.pick(deals) : rng.pick(contacts);
        const field = useDeal ? 'name' : 'lastName';
        const value = `${field}-${c.name}-${op}`;
        await doc.incrementalPatch({ [field]: value, updatedAt: now });
        c.lastWrites.set(`${useDeal ? 'deals' : 'contacts'}|${doc.primary}|${field}`, value);
        counts.update += 1;
      }
      if (rng.chance(0.15)) await sleep(rng.int(0, 4));
    }

    for (const c of clients) {
      c.transport.online = true;
      await c.engine.start();
    }
    let equal = false;
    for (let round = 0; round < 30 && !equal; round += 1) {
      await feedSettled(t.db);
      for (const c of clients) {
        c.engine.resync();
        for (const n of names) await Promise.race([c.engine.replications[n].awaitInSync(), sleep(5000)]);
      }
      equal = true;
      for (const c of clients) {
        for (const n of names) {
          const local = sortById((await c.db[n].find().exec()).map((d) => d.toJSON()));
          const expected = sortById(await inScope(COLLECTIONS[n] as unknown as CollectionDef, c.userId));
          if (JSON.stringify(local) !== JSON.stringify(expected)) equal = false;
        }
      }
      if (!equal) await sleep(100);
    }

    expect(errors, fail('replication errors other than simulated disconnects')).toEqual([]);
    for (const c of clients) {
      for (const n of names) {
        const local = sortById((await c.db[n].find().exec()).map((d) => d.toJSON()));
        const expected = sortById(await inScope(COLLECTIONS[n] as unknown as CollectionDef, c.userId));
        if (JSON.stringify(local) !== JSON.stringify(expected)) {
          // Which records, and their story: a diff of 90 documents is cut short by the reporter.
          const held = new Set(local.map((d) => String(d.id)));
          const want = new Set(expected.map((d) => d.id));
          const ids = [...new Set([...held, ...want])].filter((id) => held.has(id) !== want.has(id) || JSON.stringify(local.find((d) => d.id === id)) !== JSON.stringify(expected.find((d) => d.id === id)));
          const story = await withTenant(
            TENANT_A,
            async (tx) =>
              Promise.all(
                ids.map(async (id) => {
                  const changes = (await tx.query<{ op: string; after: Record<string, unknown> | null }>('SELECT op, after FROM record_changes WHERE record_id = $1 ORDER BY id', [id])).rows;
                  const moves = (await tx.query<{ user_id: string | null; territory: string | null }>('SELECT user_id, territory FROM sync_scope_moves WHERE record_id = $1 ORDER BY change_xid, change_seq', [id])).rows;
                  const kept = (await c.db.conflicts.find({ selector: { recordId: id } }).exec()).map((x) => x.get('kind') as string);
                  const where = held.has(id) ? (want.has(id) ? 'differs' : 'held, out of scope') : 'in scope, missing';
                  return `${id} ${where}: changes ${JSON.stringify(changes.map((h) => [h.op, h.after?.ownerId, h.after?.lastName ?? h.after?.name]))}; moves ${JSON.stringify(moves.map((m) => m.user_id?.slice(-1) ?? m.territory))}; kept ${JSON.stringify(kept)}`;
                }),
              ),
            t.db,
          );
          expect.fail(fail(`${c.name} (${c.role}) ${n} differ from its scope on the server:\n${story.join('\n')}`));
        }
      }
    }

    // Nothing lost: every last write reached the server, or its author holds it as a refusal or conflict.
    const history = await withTenant(
      TENANT_A,
      async (tx) => (await tx.query<{ collection: string; record_id: string; op: string; after: Record<string, unknown> | null }>('SELECT collection, record_id, op, after FROM record_changes')).rows,
      t.db,
    );
    for (const c of clients) {
      const kept = (await c.db.conflicts.find().exec()).map((d) => d.toJSON() as ConflictDoc);
      for (const [key, value] of c.lastWrites) {
        const [collection, id, field] = key.split('|') as [string, string, string];
        const reached = history.some((h) => h.collection === collection && h.record_id === id && h.after?.[field] === value);
        const recorded = kept.filter((x) => x.recordId === id);
        const keptRefused = recorded.some((x) => x.kind === 'rejected' && (JSON.parse(x.localValue) as Record<string, unknown>)[field] === value);
        const keptConflict = recorded.some(
          (x) =>
            (x.kind === 'field' && x.field === field && JSON.parse(x.localValue) === value) ||
            // An edit of a record someone else deleted meanwhile: the whole local record is kept.
            (x.kind === 'deleted-on-server' && (JSON.parse(x.localValue) as Record<string, unknown>)[field] === value),
        );
        expect(reached || keptRefused || keptConflict, fail(`${c.name}: ${collection}.${field}=${String(value)} of ${id} neither reached the server nor kept`)).toBe(true);
        if (keptRefused && !reached) counts.refusedKept += 1;
      }
      for (const id of c.deleted) {
        // Created and deleted while offline, it never reached the server: nothing to keep.
        const reached = history.some((h) => h.record_id === id && h.op === 'delete') || !history.some((h) => h.record_id === id);
        // Refused, or overridden by someone's edit meanwhile: either is shown to its author, who may delete again.
        const keptRefused = kept.some((x) => x.recordId === id && (x.kind === 'rejected' || x.kind === 'delete-overridden'));
        const seen = `kept as ${JSON.stringify(kept.filter((x) => x.recordId === id).map((x) => x.kind))}, server changes ${JSON.stringify(history.filter((h) => h.record_id === id).map((h) => h.op))}`;
        expect(reached || keptRefused, fail(`${c.name}: the deletion of ${id} neither reached the server nor kept (${seen})`)).toBe(true);
      }
    }
    const removed = await withTenant(TENANT_A, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_scope_moves')).rows[0]!.n, t.db);
    counts.removed = removed;
    console.log(`scope convergence (${scope}) seed ${SEED}: ${JSON.stringify({ ...counts, resyncs })}`);
    expect(counts.handOver).toBeGreaterThan(20);
    expect(counts.refusedKept, fail('reps and the auditor must have had changes refused')).toBeGreaterThan(5);
    expect(removed, fail('records must have moved between scopes')).toBeGreaterThan(20);
    // Every phone of the two teams (the manager's, both reps') held copies made for the old teams.
    if (scope === 'team') for (const i of [0, 1, 2]) expect(resyncs[i] ?? 0, fail(`client${i}'s copies made for the old teams must have been pulled again`)).toBeGreaterThan(0);
    if (scope === 'territory') expect(resyncs[2] ?? 0, fail('client2’s copies made for its old territories must have been pulled again')).toBeGreaterThan(0);
  });
});
