// Sync scopes 'own', 'team' and 'territory' through the real pull and push (sync/server/scoped-pull.ts): what a phone
// receives, what leaves it, and that nothing crosses tenants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import type { Queryable } from '@/lib/db/types';
import { withSystem, withTenant } from '@/lib/db/with-tenant';
import { AppError } from '@/lib/http/app-error';
import type { SessionContext } from '@/lib/auth/session-context';
import { updateMember, updateMemberSchema } from '@/lib/tenancy/members';
import { setSyncScope } from '@/lib/tenancy/sync-scope-service';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { Checkpoint } from '@/sync/schema/protocol';
import { CaughtUpCache } from './caught-up-cache';
import { ChangeHub } from './change-hub';
import { pullChanges } from './pull';
import { pushRows } from './push';
import { companyDoc, contactDoc, createSyncTestDatabase, dealDoc, feedSettled, session, TENANT_A, TENANT_B } from './testing';

const ownerA = session(TENANT_A, 'owner');
const managerA = session(TENANT_A, 'manager');
const repA = session(TENANT_A, 'rep');
const rep2A = session(TENANT_A, 'rep', '00000000-0000-7000-8000-0000000000a7');
const ownerB = session(TENANT_B, 'owner');
const repB = session(TENANT_B, 'rep');

/** A phone's copy of one collection, kept as the replication would: documents by id, removals applied. */
class Copy {
  docs = new Map<string, AnyWireDoc>();
  checkpoint: Checkpoint | null = null;
  constructor(
    private readonly ctx: SessionContext,
    private readonly collection: string,
    private readonly db: () => TestDatabase['db'],
    private readonly cache?: CaughtUpCache,
  ) {}

  /** Pulls until the server has nothing more; returns every document received. */
  async sync(limit = 3): Promise<AnyWireDoc[]> {
    await feedSettled(this.db());
    const got: AnyWireDoc[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const page = await pullChanges(this.ctx, this.collection, { checkpoint: this.checkpoint, limit }, this.db(), this.cache);
      got.push(...page.documents);
      for (const d of page.documents) {
        if (d._deleted) this.docs.delete(d.id);
        else this.docs.set(d.id, d);
      }
      const same = JSON.stringify(page.checkpoint) === JSON.stringify(this.checkpoint);
      this.checkpoint = page.checkpoint;
      if (page.documents.length === 0 && same) return got;
    }
    throw new Error('the pull never settled');
  }

  ids(): string[] {
    return [...this.docs.keys()].sort();
  }
}

async function push(ctx: SessionContext, collection: string, docs: AnyWireDoc[], db: TestDatabase['db']) {
  const results = await pushRows(ctx, collection, docs.map((d) => ({ newDocumentState: d })), db);
  return results;
}

/** Updates as the server's current document (no conflict). */
async function update(ctx: SessionContext, collection: string, doc: AnyWireDoc, patch: Partial<AnyWireDoc>, db: TestDatabase['db']) {
  const results = await pushRows(ctx, collection, [{ assumedMasterState: doc, newDocumentState: { ...doc, ...patch } }], db);
  return { results, doc: { ...doc, ...patch } };
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

const sorted = (ids: string[]) => [...ids].sort();

describe('sync scope: own records', () => {
  let t: TestDatabase;
  let cache: CaughtUpCache;
  const mine = contactDoc({ lastName: 'Mine', ownerId: repA.userId });
  const theirs = contactDoc({ lastName: 'Theirs', ownerId: rep2A.userId });
  const linked = contactDoc({ lastName: 'Linked by my deal', ownerId: rep2A.userId });
  let myDeal = dealDoc({ name: 'My deal', ownerId: repA.userId, contactId: linked.id });
  const otherDeal = dealDoc({ name: 'Their deal', ownerId: rep2A.userId, contactId: theirs.id });

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    cache = new CaughtUpCache(new ChangeHub(async () => t.db));
    await setSyncScope(ownerA, { scope: 'own' }, t.db);
    await push(managerA, 'contacts', [mine, theirs, linked], t.db);
    await push(managerA, 'deals', [myDeal, otherDeal], t.db);
    // Tenant B: the same shape, never seen from A.
    await setSyncScope(ownerB, { scope: 'own' }, t.db);
    await push(ownerB, 'contacts', [contactDoc({ lastName: 'B', ownerId: repB.userId })], t.db);
  });
  afterAll(async () => {
    await cache.close();
    await t.dispose();
  });

  it('a rep holds their own records and the contacts their deals link to; a manager whose records are none holds none', async () => {
    const contacts = new Copy(repA, 'contacts', () => t.db, cache);
    const deals = new Copy(repA, 'deals', () => t.db, cache);
    await contacts.sync();
    await deals.sync();
    expect(contacts.ids()).toEqual(sorted([mine.id, linked.id]));
    expect(deals.ids()).toEqual([myDeal.id]);
    expect(contacts.checkpoint).toMatchObject({ s: 'own' });
    const manager = new Copy(managerA, 'contacts', () => t.db);
    await manager.sync();
    expect(manager.ids()).toEqual([]);
    // Pipelines are not scoped.
    expect((await pullChanges(repA, 'pipelines', {}, t.db)).checkpoint.s).toBeUndefined();
  });

  it('a deal handed to someone else leaves the old owner as a removal (not a deletion) and reaches the new one with its contact', async () => {
    const oldOwner = { contacts: new Copy(repA, 'contacts', () => t.db, cache), deals: new Copy(repA, 'deals', () => t.db, cache) };
    const newOwner = { contacts: new Copy(rep2A, 'contacts', () => t.db, cache), deals: new Copy(rep2A, 'deals', () => t.db, cache) };
    for (const c of [...Object.values(oldOwner), ...Object.values(newOwner)]) await c.sync();
    expect(newOwner.contacts.ids()).toEqual(sorted([theirs.id, linked.id]));

    // The manager gives rep2 the deal, and a third contact to repA: neither contact row changes.
    const handed = await update(managerA, 'deals', myDeal, { ownerId: rep2A.userId }, t.db);
    expect(handed.results[0]!.status).toBe('accepted');
    myDeal = handed.doc;
    await update(managerA, 'deals', otherDeal, { ownerId: repA.userId }, t.db);

    const removedDeals = await oldOwner.deals.sync();
    expect(removedDeals.find((d) => d.id === myDeal.id)).toMatchObject({ _deleted: true, ownerId: rep2A.userId });
    const contactChanges = await oldOwner.contacts.sync();
    expect(contactChanges.find((d) => d.id === linked.id)?._deleted).toBe(true);
    // otherDeal now links `theirs` to repA: it arrives though its row did not change.
    expect(contactChanges.find((d) => d.id === theirs.id)?._deleted).toBe(false);
    expect(oldOwner.contacts.ids()).toEqual(sorted([mine.id, theirs.id]));
    expect(oldOwner.deals.ids()).toEqual([otherDeal.id]);

    await newOwner.deals.sync();
    await newOwner.contacts.sync();
    expect(newOwner.deals.ids()).toEqual([myDeal.id]);
    // `theirs` is rep2's own contact: still theirs, though the deal linking it left.
    expect(newOwner.contacts.ids()).toEqual(sorted([theirs.id, linked.id]));

    // Not deleted on the server: the owner still reads all of them.
    const all = await pullChanges(ownerA, 'contacts', { limit: 100 }, t.db);
    expect(all.checkpoint.s).toBe('own');
    expect(all.documents.filter((d) => !d._deleted).map((d) => d.id)).toEqual([]);
    const rows = await withTenant(TENANT_A, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE NOT deleted')).rows[0]!.n, t.db);
    expect(rows).toBe(3);
  });

  it("a rep's refused change of a record that left their scope is answered, and their next pull removes the record", async () => {
    const deals = new Copy(repA, 'deals', () => t.db);
    await deals.sync();
    const held = deals.docs.get(otherDeal.id)!;
    // Handed away while the rep was offline; the rep edits their stale copy.
    const handed = await update(managerA, 'deals', held, { ownerId: rep2A.userId }, t.db);
    const server = handed.doc;
    const refused = await pushRows(repA, 'deals', [{ assumedMasterState: server, newDocumentState: { ...server, name: 'Renamed offline' } }], t.db);
    expect(refused[0]).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const got = await deals.sync();
    expect(got.find((d) => d.id === otherDeal.id)?._deleted).toBe(true);
    expect(deals.docs.has(otherDeal.id)).toBe(false);
  });

  it('a manager who writes a record outside their own scope gets it removed by their next pull', async () => {
    const contacts = new Copy(managerA, 'contacts', () => t.db);
    await contacts.sync();
    const created = contactDoc({ lastName: 'For rep', ownerId: repA.userId });
    // As the phone holds it: written locally, then pushed.
    contacts.docs.set(created.id, created);
    expect((await push(managerA, 'contacts', [created], t.db))[0]!.status).toBe('accepted');
    const got = await contacts.sync();
    expect(got.find((d) => d.id === created.id)?._deleted).toBe(true);
    expect(contacts.docs.has(created.id)).toBe(false);
  });

  it('a record left with no owner leaves its old owner’s phone, and a manager’s unowned new record leaves theirs', async () => {
    const rep = new Copy(repA, 'contacts', () => t.db);
    await rep.sync();
    const unassigned = await update(managerA, 'contacts', rep.docs.get(mine.id)!, { ownerId: null }, t.db);
    expect(unassigned.results[0]!.status).toBe('accepted');
    const got = await rep.sync();
    // A removal says so (`_deleted: true`), never `null`, which a phone would keep.
    expect(got.find((d) => d.id === mine.id)?._deleted).toBe(true);
    expect(rep.docs.has(mine.id)).toBe(false);
    const manager = new Copy(managerA, 'contacts', () => t.db);
    await manager.sync();
    const unowned = contactDoc({ lastName: 'Nobody’s', ownerId: null });
    manager.docs.set(unowned.id, unowned);
    expect(await pushRows(managerA, 'contacts', [{ newDocumentState: unowned }], t.db)).toEqual([{ id: unowned.id, status: 'accepted', outOfScope: true }]);
    expect((await manager.sync()).find((d) => d.id === unowned.id)?._deleted).toBe(true);
    // Given back to the rep: it returns to the rep's phone.
    await update(managerA, 'contacts', unassigned.doc, { ownerId: repA.userId }, t.db);
    await rep.sync();
    expect(rep.docs.has(mine.id)).toBe(true);
  });

  it('a copy started after a record left the scope gets no removal for it; up-to-date pulls are answered by the cache per person', async () => {
    const fresh = new Copy(repA, 'contacts', () => t.db, cache);
    const got = await fresh.sync(2);
    expect(got.filter((d) => d._deleted).map((d) => d.lastName)).toEqual([]);
    expect(got.map((d) => d.id)).not.toContain(linked.id);
    // The up-to-date answer is remembered for this person only: another one's scope may have moved.
    await fresh.sync(2);
    expect(cache.upToDate(TENANT_A, 'contacts', fresh.checkpoint!, `${repA.userId}|`)).toBe(true);
    expect(cache.upToDate(TENANT_A, 'contacts', fresh.checkpoint!, `${rep2A.userId}|`)).toBe(false);
    expect(cache.upToDate(TENANT_A, 'contacts', fresh.checkpoint!, '*')).toBe(false);
  });

  it('a copy made under another scope must pull from the start; switching back does the same', async () => {
    const contacts = new Copy(repA, 'contacts', () => t.db, cache);
    await contacts.sync();
    await setSyncScope(ownerA, { scope: 'all' }, t.db);
    expect(await codeOf(pullChanges(repA, 'contacts', { checkpoint: contacts.checkpoint }, t.db, cache))).toBe('410 resync_required');
    const whole = new Copy(repA, 'contacts', () => t.db, cache);
    await whole.sync(50);
    const live = await withTenant(TENANT_A, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE NOT deleted')).rows[0]!.n, t.db);
    expect(whole.docs.size).toBe(live);
    expect(whole.checkpoint?.s).toBeUndefined();
    await setSyncScope(ownerA, { scope: 'own' }, t.db);
    expect(await codeOf(pullChanges(repA, 'contacts', { checkpoint: whole.checkpoint }, t.db, cache))).toBe('410 resync_required');
  });

  it("never answers another tenant's records or moves, whatever the checkpoint", async () => {
    const b = new Copy(repB, 'contacts', () => t.db);
    await b.sync();
    expect([...b.docs.values()].map((d) => d.lastName)).toEqual(['B']);
    // A's checkpoint handed to B: still only B's.
    const a = new Copy(repA, 'contacts', () => t.db);
    await a.sync();
    const guessed = new Copy(repB, 'contacts', () => t.db);
    guessed.checkpoint = { xid: '0', seq: 0, h: 0, s: 'own', b: '0' };
    await guessed.sync();
    expect([...guessed.docs.values()].map((d) => d.lastName)).toEqual(['B']);
    // B's moves are B's own (its owner created a contact for a rep): none of A's.
    const moves = await withTenant(TENANT_B, async (tx) => (await tx.query<{ tenant_id: string; user_id: string }>('SELECT tenant_id, user_id FROM sync_scope_moves')).rows, t.db);
    expect(moves).toEqual([{ tenant_id: TENANT_B, user_id: ownerB.userId }]);
  });
});

describe('sync scope: team records', () => {
  let t: TestDatabase;
  let cache: CaughtUpCache;
  // North: repA and managerA; South: rep2A. Tenant B has a team named North too.
  const repMine = contactDoc({ lastName: 'Rep A', ownerId: repA.userId });
  const managers = contactDoc({ lastName: 'Manager', ownerId: managerA.userId });
  const souths = contactDoc({ lastName: 'South', ownerId: rep2A.userId });
  const linkedBySouth = contactDoc({ lastName: 'Linked by South', ownerId: ownerA.userId });
  let southDeal = dealDoc({ name: 'South deal', ownerId: rep2A.userId, contactId: linkedBySouth.id });
  const join = (tx: Queryable, ctx: SessionContext, team: string | null) =>
    tx.query(
      `WITH u AS (INSERT INTO users (id, email, name) VALUES ($1, $2, $2) ON CONFLICT (id) DO NOTHING)
       INSERT INTO memberships (tenant_id, user_id, role, team) VALUES ($3, $1, $4, $5)`,
      [ctx.userId, `${ctx.userId}@team.test`, ctx.tenantId, ctx.role, team],
    );

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    cache = new CaughtUpCache(new ChangeHub(async () => t.db));
    await withSystem(async (tx) => {
      for (const [ctx, team] of [
        [ownerA, null],
        [repA, 'North'],
        [managerA, 'north'],
        [rep2A, 'South'],
        [ownerB, null],
        [repB, 'North'],
      ] as const) {
        await join(tx, ctx, team);
      }
    }, t.db);
    await setSyncScope(ownerA, { scope: 'team' }, t.db);
    await setSyncScope(ownerB, { scope: 'team' }, t.db);
    await push(ownerA, 'contacts', [repMine, managers, souths, linkedBySouth], t.db);
    await push(ownerA, 'deals', [southDeal], t.db);
    await push(ownerB, 'contacts', [contactDoc({ lastName: 'B North', ownerId: repB.userId })], t.db);
  });
  afterAll(async () => {
    await cache.close();
    await t.dispose();
  });

  it('a phone holds its team’s records (names compare without case) and what their deals link to; no other team’s, no other tenant’s', async () => {
    const north = new Copy(repA, 'contacts', () => t.db, cache);
    await north.sync();
    expect(north.ids()).toEqual(sorted([repMine.id, managers.id]));
    expect(north.checkpoint).toMatchObject({ s: 'team', k: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const south = new Copy(rep2A, 'contacts', () => t.db, cache);
    await south.sync();
    expect(south.ids()).toEqual(sorted([souths.id, linkedBySouth.id]));
    // Same team name in tenant B: only B's people.
    const b = new Copy(repB, 'contacts', () => t.db, cache);
    await b.sync();
    expect([...b.docs.values()].map((d) => d.lastName)).toEqual(['B North']);
    // Someone without a team holds their own.
    const owner = new Copy(ownerA, 'contacts', () => t.db, cache);
    await owner.sync();
    expect(owner.ids()).toEqual([linkedBySouth.id]);
    // A first sync's count (its progress bar) is the scope's size: own rows plus linked ones, each once.
    expect((await pullChanges(rep2A, 'contacts', { limit: 1, count: true }, t.db)).remaining).toBe(2);
    expect((await pullChanges(repA, 'contacts', { limit: 1, count: true }, t.db)).remaining).toBe(2);
    expect((await pullChanges(rep2A, 'deals', { limit: 1, count: true }, t.db)).remaining).toBe(1);
    const first = await pullChanges(rep2A, 'contacts', { limit: 1, count: true }, t.db);
    expect((await pullChanges(rep2A, 'contacts', { checkpoint: first.checkpoint, limit: 1, count: true }, t.db)).remaining).toBe(1);
  });

  it('a deal handed to the other team leaves one team’s phones as removals and reaches the other’s with its contact', async () => {
    const north = { contacts: new Copy(managerA, 'contacts', () => t.db, cache), deals: new Copy(managerA, 'deals', () => t.db, cache) };
    const south = { contacts: new Copy(rep2A, 'contacts', () => t.db, cache), deals: new Copy(rep2A, 'deals', () => t.db, cache) };
    for (const c of [...Object.values(north), ...Object.values(south)]) await c.sync();
    const handed = await update(managerA, 'deals', southDeal, { ownerId: repA.userId }, t.db);
    expect(handed.results[0]!.status).toBe('accepted');
    southDeal = handed.doc;
    expect((await south.deals.sync()).find((d) => d.id === southDeal.id)?._deleted).toBe(true);
    expect((await south.contacts.sync()).find((d) => d.id === linkedBySouth.id)?._deleted).toBe(true);
    await north.deals.sync();
    await north.contacts.sync();
    expect(north.deals.ids()).toEqual([southDeal.id]);
    expect(north.contacts.ids()).toEqual(sorted([repMine.id, managers.id, linkedBySouth.id]));
  });

  it('moving someone to another team makes both teams’ copies pull from the start, through the cache too', async () => {
    // A second instance's cache, which hears of the change only through the database's notification.
    const other = new CaughtUpCache(new ChangeHub(async () => t.db), undefined, undefined, { hearLocalWrites: false });
    const north = new Copy(repA, 'contacts', () => t.db, cache);
    const south = new Copy(rep2A, 'contacts', () => t.db, cache);
    await north.sync();
    await south.sync();
    await north.sync(); // answered by the cache now
    expect(cache.upToDate(TENANT_A, 'contacts', north.checkpoint!, `${repA.userId}|${north.checkpoint!.k}`)).toBe(true);
    // It remembers the copy as up to date too (a scoped checkpoint follows the feed's horizon).
    let there = north.checkpoint!;
    await expect
      .poll(async () => {
        there = (await pullChanges(repA, 'contacts', { checkpoint: there }, t.db, other)).checkpoint;
        return other.upToDate(TENANT_A, 'contacts', there, `${repA.userId}|${there.k}`);
      })
      .toBe(true);
    await updateMember(ownerA, rep2A.userId, { team: 'NORTH' }, t.db);
    expect(await codeOf(pullChanges(repA, 'contacts', { checkpoint: north.checkpoint }, t.db, cache))).toBe('410 resync_required');
    expect(await codeOf(pullChanges(rep2A, 'contacts', { checkpoint: south.checkpoint }, t.db, cache))).toBe('410 resync_required');
    await expect.poll(() => codeOf(pullChanges(repA, 'contacts', { checkpoint: there }, t.db, other))).toBe('410 resync_required');
    await other.close();
    const again = new Copy(repA, 'contacts', () => t.db, cache);
    await again.sync();
    expect(again.ids()).toEqual(sorted([repMine.id, managers.id, souths.id, linkedBySouth.id]));
    expect(again.checkpoint!.k).not.toBe(north.checkpoint!.k);
    // A checkpoint naming a made-up team is refused the same way, never answered.
    expect(await codeOf(pullChanges(repA, 'contacts', { checkpoint: { ...again.checkpoint!, k: '0'.repeat(32) } }, t.db, cache))).toBe('410 resync_required');
  });
});

describe('sync scope: territory records', () => {
  let t: TestDatabase;
  let cache: CaughtUpCache;
  // repA: France; rep2A: Germany and Austria; managerA: both France and Germany; tenant B's rep: France.
  const paris = companyDoc({ name: 'Paris SA', country: 'France', ownerId: ownerA.userId });
  let berlin = companyDoc({ name: 'Berlin GmbH', country: 'Germany', ownerId: ownerA.userId });
  const repsOwn = companyDoc({ name: 'Own, no country', ownerId: repA.userId });
  let atParis = contactDoc({ lastName: 'At Paris', companyId: paris.id, ownerId: ownerA.userId });
  const atBerlin = contactDoc({ lastName: 'At Berlin', companyId: berlin.id, ownerId: ownerA.userId });
  const berlinDeal = dealDoc({ name: 'Berlin deal', companyId: berlin.id, ownerId: ownerA.userId });
  // A country written with spaces around it is the same territory.
  const graz = companyDoc({ name: 'Graz KG', country: ' austria ', ownerId: ownerA.userId });
  const early = contactDoc({ lastName: 'Before Graz', companyId: graz.id, ownerId: ownerA.userId });
  const join = (tx: Queryable, ctx: SessionContext, territories: string[]) =>
    tx.query(
      `WITH u AS (INSERT INTO users (id, email, name) VALUES ($1, $2, $2) ON CONFLICT (id) DO NOTHING)
       INSERT INTO memberships (tenant_id, user_id, role, territories) VALUES ($3, $1, $4, $5)`,
      [ctx.userId, `${ctx.userId}@territory.test`, ctx.tenantId, ctx.role, territories],
    );
  const copies = (ctx: SessionContext) => ({
    companies: new Copy(ctx, 'companies', () => t.db, cache),
    contacts: new Copy(ctx, 'contacts', () => t.db, cache),
    deals: new Copy(ctx, 'deals', () => t.db, cache),
  });
  const syncAll = async (c: ReturnType<typeof copies>) => {
    for (const copy of Object.values(c)) await copy.sync();
  };

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    cache = new CaughtUpCache(new ChangeHub(async () => t.db));
    await withSystem(async (tx) => {
      for (const [ctx, territories] of [
        [ownerA, []],
        [repA, ['France']],
        [rep2A, ['germany', 'Austria']],
        [managerA, ['FRANCE', 'Germany']],
        [ownerB, []],
        [repB, ['France']],
      ] as const) {
        await join(tx, ctx, [...territories]);
      }
    }, t.db);
    await setSyncScope(ownerA, { scope: 'territory' }, t.db);
    await setSyncScope(ownerB, { scope: 'territory' }, t.db);
    await push(ownerA, 'companies', [paris, berlin, repsOwn], t.db);
    await push(ownerA, 'contacts', [atParis, atBerlin], t.db);
    await push(ownerA, 'deals', [berlinDeal], t.db);
    await push(ownerB, 'companies', [companyDoc({ name: 'B in France', country: 'france', ownerId: ownerB.userId })], t.db);
  });
  afterAll(async () => {
    await cache.close();
    await t.dispose();
  });

  it('a phone holds its territories’ companies (countries compare without case) and their records, plus its own; no other territory’s, no other tenant’s', async () => {
    const rep = copies(repA);
    await syncAll(rep);
    expect(rep.companies.ids()).toEqual(sorted([paris.id, repsOwn.id]));
    expect(rep.contacts.ids()).toEqual([atParis.id]);
    expect(rep.deals.ids()).toEqual([]);
    expect(rep.companies.checkpoint).toMatchObject({ s: 'territory', k: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const rep2 = copies(rep2A);
    await syncAll(rep2);
    expect(rep2.companies.ids()).toEqual([berlin.id]);
    expect(rep2.contacts.ids()).toEqual([atBerlin.id]);
    expect(rep2.deals.ids()).toEqual([berlinDeal.id]);
    const manager = copies(managerA);
    await syncAll(manager);
    expect(manager.companies.ids()).toEqual(sorted([paris.id, berlin.id]));
    expect(manager.contacts.ids()).toEqual(sorted([atParis.id, atBerlin.id]));
    // Someone with no territory holds their own records.
    const owner = copies(ownerA);
    await syncAll(owner);
    expect(owner.companies.ids()).toEqual(sorted([paris.id, berlin.id]));
    // Tenant B's French rep: only B's French company.
    const b = new Copy(repB, 'companies', () => t.db, cache);
    await b.sync();
    expect([...b.docs.values()].map((d) => d.name)).toEqual(['B in France']);
    // A first sync's count is the scope's size: own rows plus the territory's, each once.
    expect((await pullChanges(repA, 'companies', { limit: 1, count: true }, t.db)).remaining).toBe(2);
    expect((await pullChanges(rep2A, 'deals', { limit: 1, count: true }, t.db)).remaining).toBe(1);
  });

  it('a company moved to another country takes its records along: removals for the old territory, documents for the new, nothing across tenants', async () => {
    const rep = copies(repA);
    const rep2 = copies(rep2A);
    const manager = copies(managerA);
    const b = copies(repB);
    for (const c of [rep, rep2, manager, b]) await syncAll(c);
    const moved = await update(ownerA, 'companies', berlin, { country: 'france' }, t.db);
    expect(moved.results[0]!.status).toBe('accepted');
    berlin = moved.doc;
    // Germany's phone: removals (not deletions on the server) of the company, its contact and its deal.
    expect((await rep2.companies.sync()).find((d) => d.id === berlin.id)?._deleted).toBe(true);
    expect((await rep2.contacts.sync()).find((d) => d.id === atBerlin.id)?._deleted).toBe(true);
    expect((await rep2.deals.sync()).find((d) => d.id === berlinDeal.id)?._deleted).toBe(true);
    expect([rep2.companies.ids(), rep2.contacts.ids(), rep2.deals.ids()]).toEqual([[], [], []]);
    // France's phone: all three, though only the company's row changed.
    await syncAll(rep);
    expect(rep.companies.ids()).toEqual(sorted([paris.id, berlin.id, repsOwn.id]));
    expect(rep.contacts.ids()).toEqual(sorted([atParis.id, atBerlin.id]));
    expect(rep.deals.ids()).toEqual([berlinDeal.id]);
    // Both territories' phone keeps everything; tenant B's French phone hears nothing of A's move.
    await syncAll(manager);
    expect(manager.contacts.ids()).toEqual(sorted([atParis.id, atBerlin.id]));
    expect(manager.deals.ids()).toEqual([berlinDeal.id]);
    const bGot = [...(await b.companies.sync()), ...(await b.contacts.sync()), ...(await b.deals.sync())];
    expect(bGot).toEqual([]);
    const server = await withTenant(TENANT_A, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM deals WHERE NOT deleted')).rows[0]!.n, t.db);
    expect(server).toBe(1);
  });

  it('a contact moved to another territory’s company leaves the old territory and reaches the new; one written before its company arrives with it', async () => {
    const rep = copies(repA);
    const rep2 = copies(rep2A);
    for (const c of [rep, rep2]) await syncAll(c);
    const vienna = companyDoc({ name: 'Wien AG', country: 'Austria', ownerId: ownerA.userId });
    await push(ownerA, 'companies', [vienna], t.db);
    const changed = await update(ownerA, 'contacts', atParis, { companyId: vienna.id }, t.db);
    atParis = changed.doc;
    expect((await rep.contacts.sync()).find((d) => d.id === atParis.id)?._deleted).toBe(true);
    await rep2.contacts.sync();
    expect(rep2.contacts.ids()).toEqual([atParis.id]);
    // A phone pushes each collection on its own: a contact can reach the server before its company.
    await push(ownerA, 'contacts', [early], t.db);
    await rep2.contacts.sync();
    expect(rep2.contacts.ids()).toEqual([atParis.id]);
    await push(ownerA, 'companies', [graz], t.db);
    await rep2.contacts.sync();
    expect(rep2.contacts.ids()).toEqual(sorted([atParis.id, early.id]));
    await rep2.companies.sync();
    expect(rep2.companies.ids()).toEqual(sorted([vienna.id, graz.id]));
  });

  it('a deleted company takes its records out of its territory, its restoration brings them back', async () => {
    const lyon = companyDoc({ name: 'Lyon SARL', country: 'France', ownerId: ownerA.userId });
    const atLyon = contactDoc({ lastName: 'At Lyon', companyId: lyon.id, ownerId: ownerA.userId });
    await push(ownerA, 'companies', [lyon], t.db);
    await push(ownerA, 'contacts', [atLyon], t.db);
    const rep = copies(repA);
    await syncAll(rep);
    expect(rep.contacts.docs.has(atLyon.id)).toBe(true);
    const gone = await update(ownerA, 'companies', lyon, { _deleted: true }, t.db);
    expect(gone.results[0]!.status).toBe('accepted');
    expect((await rep.companies.sync()).find((d) => d.id === lyon.id)?._deleted).toBe(true);
    expect((await rep.contacts.sync()).find((d) => d.id === atLyon.id)?._deleted).toBe(true);
    // The contact itself lives on, on the server.
    const live = await withTenant(TENANT_A, async (tx) => (await tx.query<{ deleted: boolean }>('SELECT deleted FROM contacts WHERE id = $1', [atLyon.id])).rows[0]!.deleted, t.db);
    expect(live).toBe(false);
    const back = await update(ownerA, 'companies', gone.doc, { _deleted: false }, t.db);
    expect(back.results[0]!.status).toBe('accepted');
    await syncAll(rep);
    expect(rep.companies.docs.has(lyon.id)).toBe(true);
    expect(rep.contacts.docs.has(atLyon.id)).toBe(true);
  });

  it('new territories make the phone pull from the start, through the cache too; the same ones written differently do not', async () => {
    const rep = new Copy(repA, 'contacts', () => t.db, cache);
    await rep.sync();
    await rep.sync(); // answered by the cache now
    // As the members route reads them: trimmed, each once without case.
    await updateMember(ownerA, repA.userId, updateMemberSchema.parse({ territories: ['FRANCE', ' france '] }), t.db);
    // Asked of the database (no cache): the same territories, the same key, no resync.
    const same = await pullChanges(repA, 'contacts', { checkpoint: rep.checkpoint }, t.db);
    expect(same.checkpoint).toMatchObject({ s: 'territory', k: rep.checkpoint!.k });
    await updateMember(ownerA, repA.userId, { territories: ['Austria'] }, t.db);
    expect(await codeOf(pullChanges(repA, 'contacts', { checkpoint: rep.checkpoint }, t.db, cache))).toBe('410 resync_required');
    const again = new Copy(repA, 'contacts', () => t.db, cache);
    await again.sync();
    expect(again.ids()).toEqual(sorted([atParis.id, early.id]));
    expect(again.checkpoint!.k).not.toBe(rep.checkpoint!.k);
  });
});
