// A write tells this process's caches at commit about every collection it may have moved in or
// out of a phone's sync scope, not only its own (lib/records/scope-move-targets.ts): the
// triggers' NOTIFY for those reaches the cache a moment later, and a pull made in between was
// answered "caught up" and missed a contact brought in by its new company's territory (seen as
// a rare failure of scoped-pull.test.ts on Postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { onLocalWrite } from '@/lib/records/local-writes';
import { setSyncScope } from '@/lib/tenancy/sync-scope-service';
import { pushRows } from './push';
import { companyDoc, contactDoc, createSyncTestDatabase, dealDoc, session, TENANT_A } from './testing';

const owner = session(TENANT_A, 'owner');

describe('local write signals', () => {
  let t: TestDatabase;
  const heard: string[] = [];
  let stop: () => void;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
    await setSyncScope(owner, { scope: 'territory' }, t.db);
    stop = onLocalWrite((tenantId, collection) => heard.push(`${tenantId === TENANT_A ? 'A' : tenantId}:${collection}`));
  });
  afterAll(async () => {
    stop();
    await t.dispose();
  });

  /** Pushes `doc` (an edit of `base`, when given) and returns the collections signalled at commit. */
  async function signalsOf(collection: string, doc: Record<string, unknown>, base?: Record<string, unknown>): Promise<string[]> {
    heard.length = 0;
    const [result] = await pushRows(owner, collection, [{ newDocumentState: doc as never, ...(base ? { assumedMasterState: base as never } : {}) }], t.db);
    expect(result?.status ?? 'accepted').toBe('accepted');
    return [...new Set(heard)].sort();
  }

  it('a company signals its contacts, deals and activities; a deal its contacts and companies; a contact its companies', async () => {
    // Written before its company: the company's territory brings it in when the company comes.
    const graz = companyDoc({ name: 'Graz KG', country: 'Austria', ownerId: owner.userId });
    expect(await signalsOf('contacts', contactDoc({ lastName: 'Early', companyId: graz.id, ownerId: owner.userId }))).toEqual(['A:companies', 'A:contacts']);
    expect(await signalsOf('companies', graz)).toEqual(['A:activities', 'A:companies', 'A:contacts', 'A:deals']);
    expect(await signalsOf('deals', dealDoc({ name: 'Graz deal', companyId: graz.id, ownerId: owner.userId }))).toEqual(['A:companies', 'A:contacts', 'A:deals']);
  });
  // scope-move-targets.ts mirrors the triggers by hand: a trigger that logs moves for a
  // collection the list lacks must fail here, not as a rare stale pull.
  it('signals every collection whose scope moves the write logged (the triggers, read back)', async () => {
    const movesByCollection = () =>
      withTenant(
        TENANT_A,
        async (tx) => new Map((await tx.query<{ collection: string; n: number }>('SELECT collection, count(*)::int AS n FROM sync_scope_moves GROUP BY collection')).rows.map((r) => [r.collection, r.n])),
        t.db,
      );
    async function check(collection: string, doc: Record<string, unknown>, base?: Record<string, unknown>) {
      const before = await movesByCollection();
      const signalled = await signalsOf(collection, doc, base);
      const after = await movesByCollection();
      const moved = [...after].filter(([c, n]) => n > (before.get(c) ?? 0)).map(([c]) => `A:${c}`);
      expect(signalled, `${collection}: moves logged for ${moved.join(', ')}`).toEqual(expect.arrayContaining(moved));
      return moved.length;
    }
    const lyon = companyDoc({ name: 'Lyon SA', country: 'France', ownerId: owner.userId });
    const ada = contactDoc({ lastName: 'Ada', companyId: lyon.id, ownerId: owner.userId });
    const deal = dealDoc({ name: 'Lyon deal', companyId: lyon.id, contactId: ada.id, ownerId: owner.userId });
    let logged = 0;
    logged += await check('companies', lyon);
    logged += await check('contacts', ada);
    logged += await check('deals', deal);
    // Hand-overs (to no one) and a company moved to another country: moves for the records linked to them.
    const now = new Date().toISOString();
    logged += await check('deals', { ...deal, ownerId: null, updatedAt: now }, deal);
    logged += await check('contacts', { ...ada, ownerId: null, updatedAt: now }, ada);
    logged += await check('companies', { ...lyon, country: 'Spain', updatedAt: now }, lyon);
    expect(logged, 'the writes must have logged moves, or this checks nothing').toBeGreaterThan(3);
  });
});
