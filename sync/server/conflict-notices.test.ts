import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionContext } from '@/lib/auth/session-context';
import type { TestDatabase } from '@/lib/db/testing';
import type { Queryable } from '@/lib/db/types';
import { withSystem, withTenant } from '@/lib/db/with-tenant';
import { applyChanges, systemActor } from '@/lib/records/apply-changes';
import { COLLECTIONS, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { PushResult } from '@/sync/schema/protocol';
import { CONFLICT_NOTICES_CHANNEL, listConflictNotices } from './conflict-notices';
import { pushRows } from './push';
import { contactDoc, createSyncTestDatabase, feedSettled, session, TENANT_A, TENANT_B } from './testing';

// Conflicts told to both sides (issue 18, item 5), through the real push: the pusher's answer
// says who made the change that stayed and when; the person whose value stayed gets a notice.
const ada = session(TENANT_A, 'rep', '00000000-0000-7000-8000-00000000ad01');
const bo = session(TENANT_A, 'rep', '00000000-0000-7000-8000-00000000b001');
const manager = session(TENANT_A, 'manager', '00000000-0000-7000-8000-00000000c001');
const auditor = session(TENANT_A, 'auditor', '00000000-0000-7000-8000-00000000e001');
const ownerB = session(TENANT_B, 'owner', '00000000-0000-7000-8000-00000000d001');
const contacts = COLLECTIONS.contacts as unknown as CollectionDef;

const join = (tx: Queryable, ctx: SessionContext, name: string) =>
  tx.query(
    `WITH u AS (INSERT INTO users (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING)
     INSERT INTO memberships (tenant_id, user_id, role) VALUES ($4, $1, $5)`,
    [ctx.userId, `${ctx.userId}@notice.test`, name, ctx.tenantId, ctx.role],
  );

type Result = PushResult<AnyWireDoc>;

describe('conflict notices', () => {
  let t: TestDatabase;
  const push = async (ctx: SessionContext, rows: { assumedMasterState?: AnyWireDoc; newDocumentState: AnyWireDoc }[]): Promise<Result[]> => pushRows(ctx, 'contacts', rows, t.db);
  // Notices are handed out once older transactions have finished (see listConflictNotices).
  const read = async (ctx: SessionContext, after = '0.0') => {
    await feedSettled(t.db);
    return listConflictNotices(ctx, after, t.db);
  };
  const stored = async () =>
    withTenant(TENANT_A, async (tx) => (await tx.query<{ field: string; lost_by: string; kept_by: string | null; kind: string }>('SELECT field, kind, lost_by, kept_by FROM record_conflicts ORDER BY id')).rows, t.db);

  beforeAll(async () => {
    t = await createSyncTestDatabase();
    await withSystem(async (tx) => {
      await join(tx, ada, 'Ada Lovelace');
      await join(tx, bo, 'Bo Rep');
      await join(tx, manager, 'Mia Manager');
      await join(tx, auditor, 'Al Auditor');
      await join(tx, ownerB, 'Other Owner');
    }, t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('tells the pusher who changed the field and when, and the other person whose value theirs replaced', async () => {
    const base = contactDoc({ ownerId: null, title: 'Buyer', phone: '1' });
    expect((await push(ada, [{ newDocumentState: base }]))[0]?.status).toBe('accepted');
    const adas = { ...base, title: 'Head buyer', updatedAt: '2026-11-22T10:00:00.000Z' };
    expect((await push(ada, [{ assumedMasterState: base, newDocumentState: adas }]))[0]?.status).toBe('accepted');
    // Bo edited the same copy offline: the title conflicts, the phone does not.
    const bos = { ...base, title: 'Procurement lead', phone: '2', updatedAt: '2026-11-22T10:05:00.000Z' };
    const [answer] = await push(bo, [{ assumedMasterState: base, newDocumentState: bos }]);
    expect(answer?.status).toBe('conflict');
    const keptBy = answer?.status === 'conflict' ? answer.keptBy : undefined;
    expect(Object.keys(keptBy ?? {})).toEqual(['title']);
    expect(keptBy?.title?.who).toBe('Ada Lovelace');
    expect(Date.parse(keptBy?.title?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);

    // Ada reads a notice: Bo's title was set aside because hers stayed.
    const { notices, cursor } = await read(ada);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ collection: 'contacts', recordId: base.id, kind: 'field', field: 'title', lostValue: 'Procurement lead', keptValue: 'Head buyer', other: { who: 'Bo Rep', at: '2026-11-22T10:05:00.000Z' } });
    expect(cursor).toMatch(new RegExp(`^\\d+\\.${notices[0]!.id}$`));
    // Read from the cursor: nothing new. Bo (the pusher, told by the answer), a colleague and
    // another tenant get no notice.
    expect((await read(ada, cursor)).notices).toEqual([]);
    expect((await read(bo)).notices).toEqual([]);
    expect((await read(manager)).notices).toEqual([]);
    expect((await read(ownerB)).notices).toEqual([]);

    // A replayed push (the phone lost the answer) is answered again but stored once.
    const [again] = await push(bo, [{ assumedMasterState: base, newDocumentState: bos }]);
    expect(again?.status === 'conflict' && again.keptBy?.title?.who).toBe('Ada Lovelace');
    expect((await stored()).filter((r) => r.lost_by === bo.userId)).toHaveLength(1);
  });

  it('notes nothing for a conflict without a lost value, and names a workflow or the person themself', async () => {
    const base = contactDoc({ title: 'Buyer' });
    await push(ada, [{ newDocumentState: base }]);
    const adas = { ...base, phone: '5' };
    await push(ada, [{ assumedMasterState: base, newDocumentState: adas }]);
    const before = (await stored()).length;
    // Bo changed another field only: merged without losing anything, so no notice.
    const [disjoint] = await push(bo, [{ assumedMasterState: base, newDocumentState: { ...base, title: 'Lead buyer' } }]);
    expect(disjoint?.status).toBe('conflict');
    expect(disjoint?.status === 'conflict' && disjoint.keptBy).toBeFalsy();
    expect((await stored()).length).toBe(before);

    // A workflow changed the title: the pusher is told which, and no person gets a notice.
    const workflowId = '00000000-0000-7000-8000-0000000f10a1';
    await withSystem((tx) => tx.query(`INSERT INTO workflows (tenant_id, id, name, owner_id, draft) VALUES ($1, $2, 'Tidy titles', $3, '{}')`, [TENANT_A, workflowId, manager.userId]), t.db);
    const bySystem = { ...adas, title: 'Buyer (EMEA)' };
    await withTenant(TENANT_A, (tx) => applyChanges(tx, systemActor(TENANT_A), contacts, [{ before: adas, after: bySystem }], { source: 'workflow', workflowId }), t.db);
    const [byWorkflow] = await push(bo, [{ assumedMasterState: adas, newDocumentState: { ...adas, title: 'Buyer (Nordics)' } }]);
    expect(byWorkflow?.status === 'conflict' && byWorkflow.keptBy?.title?.who).toBe('the workflow “Tidy titles”');
    // Ada's own second device lost to her first: she is named, but not sent a notice about herself.
    const mine = { ...bySystem, email: 'first@device.test' };
    await push(ada, [{ assumedMasterState: bySystem, newDocumentState: mine }]);
    const [own] = await push(ada, [{ assumedMasterState: bySystem, newDocumentState: { ...bySystem, email: 'second@device.test' } }]);
    expect(own?.status === 'conflict' && own.keptBy?.email).toMatchObject({ who: 'Ada Lovelace', self: true });
    const { notices } = await read(ada);
    expect(notices.filter((n) => n.recordId === base.id)).toEqual([]);
  });

  it('tells nobody of a conflict with a change the rules refuse anyway (every role that cannot write it)', async () => {
    const base = contactDoc({ title: 'Buyer', ownerId: ada.userId });
    await push(ada, [{ newDocumentState: base }]);
    await push(ada, [{ assumedMasterState: base, newDocumentState: { ...base, title: 'Head buyer' } }]);
    const before = (await stored()).length;
    // An auditor may not write at all; Bo may not change Ada's contact. Their stale copies
    // conflict (decided before the rule), but no notice and no names go out.
    for (const who of [auditor, bo]) {
      const [answer] = await push(who, [{ assumedMasterState: base, newDocumentState: { ...base, title: `${who.role} title` } }]);
      expect(answer).toEqual({ id: base.id, status: 'conflict', document: expect.objectContaining({ title: 'Head buyer' }) });
    }
    expect((await stored()).length).toBe(before);
    expect((await read(ada)).notices.filter((n) => n.recordId === base.id)).toEqual([]);
  });

  it('tells both sides of a deletion against an edit', async () => {
    const base = contactDoc({ title: 'Buyer' });
    await push(ada, [{ newDocumentState: base }]);
    // Ada deletes it; Bo's offline edit arrives later and the deletion stays.
    await push(ada, [{ assumedMasterState: base, newDocumentState: { ...base, _deleted: true } }]);
    const bos = { ...base, title: 'Kept by Bo?' };
    const [deleted] = await push(bo, [{ assumedMasterState: base, newDocumentState: bos }]);
    expect(deleted?.status === 'conflict' && deleted.keptBy?.['*']?.who).toBe('Ada Lovelace');
    const notice = (await read(ada)).notices.find((n) => n.recordId === base.id);
    expect(notice).toMatchObject({ kind: 'deleted-on-server', field: '*', lostValue: { ...bos, _deleted: false }, other: { who: 'Bo Rep' } });
  });

  it('tells the person whose value stayed on their live stream, at commit', async () => {
    const heard: string[] = [];
    const stop = await t.db.listen(CONFLICT_NOTICES_CHANNEL, (payload) => heard.push(payload));
    try {
      const base = contactDoc({ title: 'Buyer' });
      await push(bo, [{ newDocumentState: base }]);
      await push(bo, [{ assumedMasterState: base, newDocumentState: { ...base, title: 'Bo title' } }]);
      await push(ada, [{ assumedMasterState: base, newDocumentState: { ...base, title: 'Ada title' } }]);
      await expect.poll(() => heard).toEqual([JSON.stringify({ t: TENANT_A, u: bo.userId })]);
    } finally {
      await stop();
    }
  });

  it('a failure while noting is undone alone: the push still applies and answers', async () => {
    const base = contactDoc({ title: 'Buyer' });
    await push(ada, [{ newDocumentState: base }]);
    await push(ada, [{ assumedMasterState: base, newDocumentState: { ...base, title: 'Head buyer' } }]);
    const fresh = contactDoc({ lastName: 'Written beside a failing note' });
    await withSystem((tx) => tx.query('ALTER TABLE record_conflicts RENAME TO record_conflicts_away'), t.db);
    try {
      const answers = await push(bo, [
        { assumedMasterState: base, newDocumentState: { ...base, title: 'Bo title' } },
        { newDocumentState: fresh },
      ]);
      expect(answers.map((a) => [a.status, a.status === 'conflict' ? a.keptBy : undefined])).toEqual([
        ['conflict', undefined],
        ['accepted', undefined],
      ]);
    } finally {
      await withSystem((tx) => tx.query('ALTER TABLE record_conflicts_away RENAME TO record_conflicts'), t.db);
    }
    const written = await withTenant(TENANT_A, async (tx) => (await tx.query('SELECT last_name FROM contacts WHERE id = $1', [fresh.id])).rows, t.db);
    expect(written).toEqual([{ last_name: 'Written beside a failing note' }]);
  });

  it('hands a notice out only while its record is in the reader\'s sync scope', async () => {
    await withSystem((tx) => tx.query(`UPDATE tenants SET settings = settings || '{"syncScope":"own"}' WHERE id = $1`, [TENANT_A]), t.db);
    try {
      const base = contactDoc({ title: 'Buyer', ownerId: ada.userId });
      await push(ada, [{ newDocumentState: base }]);
      const adas = { ...base, title: 'Head buyer' };
      await push(ada, [{ assumedMasterState: base, newDocumentState: adas }]);
      await push(manager, [{ assumedMasterState: base, newDocumentState: { ...base, title: 'Manager title' } }]);
      const mine = async () => (await read(ada)).notices.filter((n) => n.recordId === base.id);
      expect(await mine()).toMatchObject([{ lostValue: 'Manager title', other: { who: 'Mia Manager' } }]);
      // Handed to Bo: Ada's phone no longer holds it, and is not sent its values.
      await push(manager, [{ assumedMasterState: adas, newDocumentState: { ...adas, ownerId: bo.userId } }]);
      expect(await mine()).toEqual([]);
    } finally {
      await withSystem((tx) => tx.query(`UPDATE tenants SET settings = settings - 'syncScope' WHERE id = $1`, [TENANT_A]), t.db);
    }
  });
});
