// Needs a real Postgres: two transactions of one tenant open at the same time on two
// connections. PGlite is one connection, so its transactions cannot overlap at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceAudit } from '@/lib/audit/sequence-audit';
import { verifyChain } from '@/lib/audit/verify-chain';
import type { TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { applyChanges } from '@/lib/records/apply-changes';
import { contacts } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { contactDoc, createSyncTestDatabase, deferred, session, TENANT_A } from './testing';

const owner = session(TENANT_A, 'owner');
const def = contacts as unknown as CollectionDef;

/** Rejects when `p` has not settled within `ms`: what a writer blocked on a lock looks like. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} still waiting after ${ms} ms`)), ms))]);
}

describe.skipIf(!process.env.DATABASE_URL)('audited record writes of one tenant do not serialise (real Postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('a second writer appends and commits while the first writer’s transaction is still open; the chain follows commit order', async () => {
    const first = [contactDoc({ lastName: 'First1' }), contactDoc({ lastName: 'First2' })];
    const second = [contactDoc({ lastName: 'Second1' }), contactDoc({ lastName: 'Second2' })];
    const firstWrote = deferred();
    const release = deferred();

    // Connection 1: writes its records and their audit entries, then stays open.
    const firstTx = withTenant(
      TENANT_A,
      async (tx) => {
        await applyChanges(tx, owner, def, first.map((after) => ({ before: null, after })), { source: 'sync' });
        firstWrote.resolve();
        await release.promise;
      },
      t.db,
    );
    await firstWrote.promise;
    // Connection 2: with the per-tenant audit lock held to commit (before the sequencer), this
    // waited for connection 1, which waits for it: a deadlock, here a timeout.
    await within(
      withTenant(TENANT_A, (tx) => applyChanges(tx, owner, def, second.map((after) => ({ before: null, after })), { source: 'sync' }), t.db),
      5_000,
      'the second writer',
    );
    await sequenceAudit(TENANT_A, t.db);
    release.resolve();
    await firstTx;
    await sequenceAudit(TENANT_A, t.db);

    const chained = await withTenant(TENANT_A, async (tx) => (await tx.query<{ seq: number; target_id: string }>('SELECT seq, target_id FROM audit_log ORDER BY seq')).rows, t.db);
    // Written first, committed last: the first writer's entries follow the second's.
    expect(chained.map((r) => r.target_id)).toEqual([...second, ...first].map((d) => d.id));
    expect(await withTenant(TENANT_A, (tx) => verifyChain(tx, TENANT_A), t.db)).toEqual({ ok: true, entries: 4, fromSeq: 1 });
  });
});
