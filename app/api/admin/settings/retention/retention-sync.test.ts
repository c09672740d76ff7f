// A retention deletion reaches the phones: a phone that pulls from the checkpoint it held
// before the scheduled job ran receives the expired records as tombstones without their values.
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { POST as pull } from '@/app/api/sync/[collection]/pull/route';
import { POST as push } from '@/app/api/sync/[collection]/push/route';
import { requestAs, useAuthFixtureDatabase } from '@/lib/auth/testing-session';
import { runRecordRetention } from '@/lib/retention/record-retention-job';
import { DEFAULT_RETENTION_POLICY } from '@/lib/retention/retention-policy';
import { feedSettled } from '@/sync/server/testing';
import { PUT } from './route';

const SYNC = 'http://localhost/api/sync/activities';
const params = { params: Promise.resolve({ collection: 'activities' }) };
const SECRET = 'Visited Ada Lovelace at home';

describe('retention and the phones', () => {
  const fx = useAuthFixtureDatabase();

  it('a phone pulling from an old checkpoint gets the expired records as scrubbed tombstones', async () => {
    const rep = { userId: fx.f.users.rep.id, tenantId: fx.f.tenants.acme };
    const admin = { userId: fx.f.users.admin.id, tenantId: fx.f.tenants.acme };
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const doc = (daysAgo: number) => ({
      id: uuidv7(), kind: 'visit', subject: SECRET, body: `${SECRET}: notes`, dueAt: null, done: true, occurredAt: at(daysAgo), contactId: null, companyId: null,
      dealId: null, ownerId: rep.userId, latitude: 51.5, longitude: -0.12, createdAt: at(daysAgo), updatedAt: at(daysAgo), _deleted: false,
    });
    const [old1, old2, recent] = [doc(400), doc(500), doc(20)];
    const pushed = await push(await requestAs(rep, `${SYNC}/push`, { method: 'POST', body: JSON.stringify([old1, old2, recent].map((d) => ({ newDocumentState: d }))) }), params);
    expect(pushed.status).toBe(200);

    // The phone is up to date, then goes offline.
    const pullFrom = async (checkpoint: unknown) => {
      await feedSettled(fx.t.db);
      const res = await pull(await requestAs(rep, `${SYNC}/pull`, { method: 'POST', body: JSON.stringify({ checkpoint, limit: 100 }) }), params);
      expect(res.status).toBe(200);
      return { text: await res.clone().text(), body: (await res.json()) as { documents: Record<string, unknown>[]; checkpoint: unknown } };
    };
    const first = await pullFrom(null);
    expect(first.body.documents).toHaveLength(3);

    expect((await PUT(await requestAs(admin, 'http://localhost/api/admin/settings/retention', { method: 'PUT', body: JSON.stringify({ ...DEFAULT_RETENTION_POLICY, activitiesDays: 365 }) }))).status).toBe(200);
    const run = await runRecordRetention(fx.t.db);
    expect(run).toMatchObject({ status: 'done', detail: { removed: { [fx.f.tenants.acme]: { activities: 2, closedDeals: 0 } } } });

    const next = await pullFrom(first.body.checkpoint);
    const scrubbed = (d: typeof old1) => ({ ...d, subject: '', body: null, occurredAt: null, latitude: null, longitude: null, updatedAt: expect.any(String), _deleted: true });
    expect(next.body.documents.toSorted((x, y) => String(x.id).localeCompare(String(y.id)))).toEqual([old1, old2].toSorted((x, y) => x.id.localeCompare(y.id)).map(scrubbed));
    // Nothing of the expired visits travels to the phone; the recent one did not change.
    expect(next.text).not.toContain('Ada');
    expect(next.text).not.toContain('51.5');
    // A phone syncing from scratch holds the recent visit and the two tombstones only.
    const fresh = await pullFrom(null);
    expect(fresh.body.documents.filter((d) => !d._deleted)).toEqual([recent]);
  });
});
