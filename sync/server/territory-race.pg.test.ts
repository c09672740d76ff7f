// Needs a real Postgres: two writers whose transactions overlap. A contact moved to a company
// while that company moves to another country: each writer's trigger reads the other's rows
// (0020_territory_scope.sql), so without the territory lock the company's trigger missed the
// uncommitted contact, and a phone that pulled in between kept a contact that had left its
// territory. PGlite is one connection, so it cannot interleave them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { withSystem, withTenant } from '@/lib/db/with-tenant';
import { applyChanges } from '@/lib/records/apply-changes';
import { setSyncScope } from '@/lib/tenancy/sync-scope-service';
import { companies, contacts, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { Checkpoint } from '@/sync/schema/protocol';
import { pullChanges } from './pull';
import { companyDoc, contactDoc, createSyncTestDatabase, deferred, feedSettled, session, TENANT_A } from './testing';

const owner = session(TENANT_A, 'owner');
const manager = session(TENANT_A, 'manager');
const companyDef = companies as unknown as CollectionDef;
const contactDef = contacts as unknown as CollectionDef;

describe.skipIf(!process.env.DATABASE_URL)('territory moves under concurrent writers (real Postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
    await withSystem(async (tx) => {
      for (const [ctx, territories] of [
        [owner, []],
        [manager, ['France']],
      ] as const) {
        await tx.query(`INSERT INTO users (id, email, name) VALUES ($1, $2, $2)`, [ctx.userId, `${ctx.role}@race.test`]);
        await tx.query(`INSERT INTO memberships (tenant_id, user_id, role, territories) VALUES ($1, $2, $3, $4)`, [TENANT_A, ctx.userId, ctx.role, [...territories]]);
      }
    }, t.db);
    await setSyncScope(owner, { scope: 'territory' }, t.db);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  /** The manager's copy of contacts: pulls until nothing more is answered (without waiting for open transactions). */
  const held = new Map<string, AnyWireDoc>();
  let checkpoint: Checkpoint | null = null;
  async function pullContacts(): Promise<string[]> {
    for (let i = 0; i < 100; i += 1) {
      const page = await pullChanges(manager, 'contacts', { checkpoint, limit: 50 }, t.db);
      for (const d of page.documents) {
        if (d._deleted) held.delete(d.id);
        else held.set(d.id, d);
      }
      const same = JSON.stringify(page.checkpoint) === JSON.stringify(checkpoint);
      checkpoint = page.checkpoint;
      if (page.documents.length === 0 && same) return [...held.keys()];
    }
    throw new Error('the pull never settled');
  }

  it('a contact moved to a company that changes country at the same moment leaves the phone', async () => {
    const lyon = companyDoc({ name: 'Lyon', country: 'France', ownerId: owner.userId });
    const lille = companyDoc({ name: 'Lille', country: 'France', ownerId: owner.userId });
    const contact = contactDoc({ lastName: 'Moving', companyId: lyon.id, ownerId: owner.userId });
    await withTenant(TENANT_A, (tx) => applyChanges(tx, owner, companyDef, [{ before: null, after: lyon }, { before: null, after: lille }], { source: 'sync' }), t.db);
    await withTenant(TENANT_A, (tx) => applyChanges(tx, owner, contactDef, [{ before: null, after: contact }], { source: 'sync' }), t.db);
    await feedSettled(t.db);
    expect(await pullContacts()).toEqual([contact.id]);

    // Writer 1 moves the contact to Lille and stays open.
    const moved = { ...contact, companyId: lille.id };
    const contactWritten = deferred();
    const releaseContact = deferred();
    const companyWritten = deferred();
    const releaseCompany = deferred();
    const contactTx = withTenant(
      TENANT_A,
      async (tx) => {
        await applyChanges(tx, owner, contactDef, [{ before: contact, after: moved }], { source: 'sync' });
        contactWritten.resolve();
        await releaseContact.promise;
      },
      t.db,
    );
    let companyTx: Promise<unknown> = Promise.resolve();
    try {
      await contactWritten.promise;
      // Writer 2 moves Lille to Spain; it stays open once written (it may first wait for writer 1's lock).
      companyTx = withTenant(
        TENANT_A,
        async (tx) => {
          await applyChanges(tx, owner, companyDef, [{ before: lille, after: { ...lille, country: 'Spain' } }], { source: 'sync' });
          companyWritten.resolve();
          await releaseCompany.promise;
        },
        t.db,
      );
      // Either writer 2 has written (no lock) or it waits for this tenant's territory lock.
      let written = false;
      void companyWritten.promise.then(() => (written = true));
      for (const until = Date.now() + 10_000; !written && Date.now() < until; ) {
        const r = await t.db.query<{ n: number }>(
          // A bigint advisory key shows as its high 32 bits (classid) and low 32 bits (objid).
          `WITH k AS (SELECT hashtextextended('territory:' || $1, 0) AS key)
           SELECT count(*)::int AS n FROM pg_locks, k WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
              AND classid::bigint = (key >> 32) & 4294967295 AND objid::bigint = key & 4294967295`,
          [TENANT_A],
        );
        if (r.rows[0]!.n > 0) break;
        await new Promise((res) => setTimeout(res, 10));
      }
      releaseContact.resolve();
      await contactTx;
      await companyWritten.promise;
      // The phone pulls while the company's change is still open: the contact, at Lille, is in France.
      expect(await pullContacts()).toEqual([contact.id]);
      expect(held.get(contact.id)?.companyId).toBe(lille.id);
    } finally {
      // Never leave a transaction open: other test files wait for the feed to settle.
      releaseContact.resolve();
      releaseCompany.resolve();
      await Promise.allSettled([contactTx, companyTx]);
    }
    await feedSettled(t.db);
    // Lille is in Spain now: the contact must leave the French phone.
    expect(await pullContacts()).toEqual([]);
  });
});
