import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { lastRun } from '@/lib/ops/maintenance-runs';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, session, settledPull, TENANT_A, TENANT_B } from './testing';
import { runTombstonePurge, TOMBSTONE_JOB } from './tombstone-job';

const DAY = 86_400_000;

describe('scheduled tombstone purge', () => {
  let t: TestDatabase;
  const now = new Date();
  const deleted = async (tenant: string, daysAgo: number) => {
    const ctx = session(tenant, 'owner');
    const doc = contactDoc();
    await pushChanges(ctx, 'contacts', [{ newDocumentState: doc }], t.db);
    await pushChanges(ctx, 'contacts', [{ assumedMasterState: doc, newDocumentState: { ...doc, _deleted: true } }], t.db);
    await withTenant(tenant, (tx) => tx.query('UPDATE contacts SET deleted_at = $2 WHERE id = $1', [doc.id, new Date(now.getTime() - daysAgo * DAY).toISOString()]), t.db);
    return doc.id;
  };

  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(() => t.dispose());

  it('purges every tenant’s expired tombstones once per interval and records the run', async () => {
    await deleted(TENANT_A, 120);
    await deleted(TENANT_B, 95);
    const youngB = await deleted(TENANT_B, 10);

    const outcome = await runTombstonePurge(t.db, now);
    expect(outcome).toMatchObject({ status: 'done', detail: { purged: { [TENANT_A]: 1, [TENANT_B]: 1 } } });
    expect((await lastRun(TOMBSTONE_JOB, t.db))?.ok).toBe(true);
    const leftB = (await settledPull(session(TENANT_B, 'owner'), 'contacts', { limit: 10 }, t.db)).documents.map((d) => d.id);
    expect(leftB).toEqual([youngB]);

    // Another instance ticking an hour later finds the day's run already done.
    expect(await runTombstonePurge(t.db, new Date(now.getTime() + 3_600_000))).toEqual({ status: 'not_due' });
  });
});
