// Needs a real Postgres: two connections whose transactions commit in the opposite order of
// the change positions they took. PGlite is one connection, so it cannot interleave them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { applyChanges } from '@/lib/records/apply-changes';
import { contacts } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { Checkpoint } from '@/sync/schema/protocol';
import { pullChanges } from './pull';
import { contactDoc, createSyncTestDatabase, deferred, feedSettled, session, TENANT_A } from './testing';

const owner = session(TENANT_A, 'owner');
const def = contacts as unknown as CollectionDef;

describe.skipIf(!process.env.DATABASE_URL)('pull order under concurrent commits (real Postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('a row written first but committed last is still pulled', async () => {
    const slow = contactDoc({ lastName: 'Slow' });
    const fast = contactDoc({ lastName: 'Fast' });
    const slowWrote = deferred();
    const fastCommitted = deferred();

    // Connection 1: takes the earlier transaction id and change_seq, then waits.
    const slowTx = withTenant(
      TENANT_A,
      async (tx) => {
        // The real write path: writers of one tenant take no shared lock (the audit entry is
        // chained after commit), so the second writer below commits while this one is open.
        await applyChanges(tx, owner, def, [{ before: null, after: slow }], { source: 'sync' });
        slowWrote.resolve();
        await fastCommitted.promise;
      },
      t.db,
    );
    await slowWrote.promise;
    // Connection 2: writes later (higher xid and seq) and commits first.
    await withTenant(TENANT_A, (tx) => applyChanges(tx, owner, def, [{ before: null, after: fast }], { source: 'sync' }), t.db);

    const positions = await t.db.query<{ last_name: string; xid: string; seq: number }>(
      `SELECT last_name, change_xid::text AS xid, change_seq AS seq FROM contacts ORDER BY change_seq`,
    );
    // Only the fast row is committed and visible yet; it took the later position.
    expect(positions.rows.map((r) => r.last_name)).toEqual(['Fast']);

    // A client pulls while the slow transaction is still open: the fast row is held back,
    // because a transaction older than it is still running (a plain seq would return it now
    // and move the checkpoint past the slow row forever).
    const during = await pullChanges(owner, 'contacts', { limit: 100 }, t.db);
    expect(during.documents).toEqual([]);
    expect(during.held).toBe(true);
    const checkpoint: Checkpoint | null = during.checkpoint;

    fastCommitted.resolve();
    await slowTx;
    const all = await t.db.query<{ last_name: string; xid: string; seq: number }>(
      `SELECT last_name, change_xid::text AS xid, change_seq AS seq FROM contacts ORDER BY change_seq`,
    );
    expect(all.rows.map((r) => r.last_name)).toEqual(['Slow', 'Fast']);
    expect(BigInt(all.rows[0]!.xid)).toBeLessThan(BigInt(all.rows[1]!.xid));

    await feedSettled(t.db); // other test files' transactions on this server hold the feed too
    const after = await pullChanges(owner, 'contacts', { checkpoint, limit: 100 }, t.db);
    expect(after.held).toBeUndefined();
    expect(after.documents.map((d) => d.lastName)).toEqual(['Slow', 'Fast']);
  });

  it('the same with the client pulling between the two commits from an advanced checkpoint', async () => {
    await feedSettled(t.db);
    const first = await pullChanges(owner, 'contacts', { limit: 100 }, t.db);
    const slow = contactDoc({ lastName: 'Slow2' });
    const fast = contactDoc({ lastName: 'Fast2' });
    const slowWrote = deferred();
    const release = deferred();
    const slowTx = withTenant(
      TENANT_A,
      async (tx) => {
        // The real write path: writers of one tenant take no shared lock (the audit entry is
        // chained after commit), so the second writer below commits while this one is open.
        await applyChanges(tx, owner, def, [{ before: null, after: slow }], { source: 'sync' });
        slowWrote.resolve();
        await release.promise;
      },
      t.db,
    );
    await slowWrote.promise;
    await withTenant(TENANT_A, (tx) => applyChanges(tx, owner, def, [{ before: null, after: fast }], { source: 'sync' }), t.db);
    const mid = await pullChanges(owner, 'contacts', { checkpoint: first.checkpoint, limit: 100 }, t.db);
    release.resolve();
    await slowTx;
    await feedSettled(t.db);
    const rest = await pullChanges(owner, 'contacts', { checkpoint: mid.checkpoint, limit: 100 }, t.db);
    const seen = [...mid.documents, ...rest.documents].map((d) => d.lastName);
    expect(seen.sort()).toEqual(['Fast2', 'Slow2']);
  });
});
