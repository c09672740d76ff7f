// Needs a real Postgres: a notice written first but committed last (two connections). PGlite is
// one connection, so it cannot interleave them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionContext } from '@/lib/auth/session-context';
import type { TestDatabase } from '@/lib/db/testing';
import { withSystem, withTenant } from '@/lib/db/with-tenant';
import { contacts } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { listConflictNotices, noteConflicts } from './conflict-notices';
import { pushRows } from './push';
import { contactDoc, createSyncTestDatabase, deferred, feedSettled, session, TENANT_A } from './testing';

const ada = session(TENANT_A, 'rep', '00000000-0000-7000-8000-00000000ad02');
const bo = session(TENANT_A, 'rep', '00000000-0000-7000-8000-00000000b002');
const def = contacts as unknown as CollectionDef;

describe.skipIf(!process.env.DATABASE_URL)('conflict notices under concurrent commits (real Postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createSyncTestDatabase();
    await withSystem(async (tx) => {
      for (const [ctx, name] of [[ada, 'Ada'], [bo, 'Bo']] as [SessionContext, string][]) {
        await tx.query(
          `WITH u AS (INSERT INTO users (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING)
           INSERT INTO memberships (tenant_id, user_id, role) VALUES ($4, $1, 'rep')`,
          [ctx.userId, `${ctx.userId}@pg.test`, name, TENANT_A],
        );
      }
    }, t.db);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('a notice written first but committed last is still handed out: the cursor never passes it', async () => {
    // Ada's title stays on two contacts; Bo's stale edits of each are set aside.
    const setAside = async (title: string) => {
      const base = contactDoc({ title: 'Buyer' });
      await pushRows(ada, 'contacts', [{ newDocumentState: base }], t.db);
      const adas = { ...base, title: `Ada's ${title}` };
      await pushRows(ada, 'contacts', [{ assumedMasterState: base, newDocumentState: adas }], t.db);
      return { assumed: base, server: adas, next: { ...base, title: `Bo's ${title}` } };
    };
    const slow = await setAside('slow');
    const fast = await setAside('fast');
    const slowNoted = deferred();
    const fastCommitted = deferred();
    // Connection 1: notes its conflict first, then waits.
    const slowTx = withTenant(
      TENANT_A,
      async (tx) => {
        await noteConflicts(tx, bo, def, [slow]);
        slowNoted.resolve();
        await fastCommitted.promise;
      },
      t.db,
    );
    await slowNoted.promise;
    // Connection 2: Bo's push of the other contact conflicts, notes later, commits first.
    expect((await pushRows(bo, 'contacts', [{ assumedMasterState: fast.assumed, newDocumentState: fast.next }], t.db))[0]?.status).toBe('conflict');
    // Ada's phone reads now: nothing yet (an older transaction still runs), so its cursor stays.
    const early = await listConflictNotices(ada, '0.0', t.db);
    expect(early.notices).toEqual([]);
    fastCommitted.resolve();
    await slowTx;
    await feedSettled(t.db);
    const later = await listConflictNotices(ada, early.cursor, t.db);
    expect(later.notices.map((n) => n.lostValue)).toEqual(["Bo's slow", "Bo's fast"]);
  });
});
