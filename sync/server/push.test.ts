import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { AppError } from '@/lib/http/app-error';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { MAX_PUSH_ROWS } from '@/sync/schema/protocol';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, dealDoc, session, TENANT_A, TENANT_B, settledPull } from './testing';

const ownerA = session(TENANT_A, 'owner');
const repA = session(TENANT_A, 'rep');
const otherRepA = session(TENANT_A, 'rep', '00000000-0000-7000-8000-0000000000f1');
const auditorA = session(TENANT_A, 'auditor');
const adminA = session(TENANT_A, 'admin');
const managerA = session(TENANT_A, 'manager');
const ownerB = session(TENANT_B, 'owner');

async function status(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return `${e.status} ${e.code}`;
    throw e;
  }
}

describe('pushChanges', () => {
  let t: TestDatabase;
  const changesOf = (tenant: string, recordId: string) =>
    withTenant(
      tenant,
      async (tx) =>
        (await tx.query<{ op: string; changed_fields: string[]; actor_id: string; source: string; after: AnyWireDoc | null }>(
          'SELECT op, changed_fields, actor_id, source, after FROM record_changes WHERE record_id = $1 ORDER BY id',
          [recordId],
        )).rows,
      t.db,
    );
  const serverDoc = async (ctx: typeof ownerA, collection: string, id: string) =>
    (await settledPull(ctx, collection, { limit: 2000 }, t.db)).documents.find((d) => d.id === id);

  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('creates, updates and deletes (tombstone), writing one outbox row per change', async () => {
    const doc = contactDoc({ ownerId: repA.userId });
    expect(await pushChanges(repA, 'contacts', [{ newDocumentState: doc }], t.db)).toEqual([]);
    const edited = { ...doc, lastName: 'Byron', email: 'ada@example.test' };
    expect(await pushChanges(repA, 'contacts', [{ assumedMasterState: doc, newDocumentState: edited }], t.db)).toEqual([]);
    const deleted = { ...edited, _deleted: true };
    expect(await pushChanges(repA, 'contacts', [{ assumedMasterState: edited, newDocumentState: deleted }], t.db)).toEqual([]);
    expect(await serverDoc(repA, 'contacts', doc.id)).toEqual(deleted);
    const log = await changesOf(TENANT_A, doc.id);
    expect(log.map((c) => c.op)).toEqual(['create', 'update', 'delete']);
    expect(log[1]?.changed_fields.sort()).toEqual(['email', 'lastName']);
    expect(log[1]?.after).toMatchObject({ lastName: 'Byron' });
    expect(log.every((c) => c.actor_id === repA.userId && c.source === 'sync')).toBe(true);
  });

  it('returns the server document on conflict and writes nothing for that row', async () => {
    const doc = dealDoc();
    await pushChanges(ownerA, 'deals', [{ newDocumentState: doc }], t.db);
    const server = { ...doc, amountCents: 999_00 };
    await pushChanges(managerA, 'deals', [{ assumedMasterState: doc, newDocumentState: server }], t.db);
    // A client that still assumes the original state:
    const stale = { ...doc, stageId: 'won' };
    const conflicts = await pushChanges(ownerA, 'deals', [{ assumedMasterState: doc, newDocumentState: stale }], t.db);
    expect(conflicts).toEqual([server]);
    expect(await serverDoc(ownerA, 'deals', doc.id)).toEqual(server);
    // An insert of an id that already exists is a conflict too.
    expect(await pushChanges(ownerA, 'deals', [{ newDocumentState: { ...doc, name: 'Other' } }], t.db)).toEqual([server]);
  });

  it('a re-sent push is idempotent: no conflict, no second write, no second outbox row', async () => {
    const doc = contactDoc();
    const edited = { ...doc, title: 'CTO' };
    await pushChanges(ownerA, 'contacts', [{ newDocumentState: doc }], t.db);
    const row = [{ assumedMasterState: doc, newDocumentState: edited }];
    expect(await pushChanges(ownerA, 'contacts', row, t.db)).toEqual([]);
    expect(await pushChanges(ownerA, 'contacts', row, t.db)).toEqual([]);
    expect(await pushChanges(ownerA, 'contacts', [{ newDocumentState: doc }], t.db)).toEqual([edited]);
    expect((await changesOf(TENANT_A, doc.id)).map((c) => c.op)).toEqual(['create', 'update']);
  });

  it('keeps jsonb documents equal whatever the key order (pipelines)', async () => {
    const id = '01900000-0000-7000-8000-000000000001';
    const doc = {
      id, name: 'Sales', position: 0, stages: [{ id: 'a', name: 'A', probability: 10 }],
      createdAt: '2026-11-22T09:00:00.000Z', updatedAt: '2026-11-22T09:00:00.000Z', _deleted: false,
    };
    await pushChanges(adminA, 'pipelines', [{ newDocumentState: doc }], t.db);
    const reordered = { ...doc, stages: [{ probability: 10, name: 'A', id: 'a' }] };
    const next = { ...doc, name: 'Sales EU' };
    expect(await pushChanges(adminA, 'pipelines', [{ assumedMasterState: reordered, newDocumentState: next }], t.db)).toEqual([]);
  });

  describe('role rules', () => {
    it('an auditor cannot push anything', async () => {
      expect(await status(pushChanges(auditorA, 'contacts', [{ newDocumentState: contactDoc() }], t.db))).toBe('403 forbidden');
    });
    it("a rep may edit their own and unowned records but not another rep's, nor give one away", async () => {
      const mine = contactDoc({ ownerId: repA.userId });
      const theirs = contactDoc({ ownerId: otherRepA.userId });
      await pushChanges(ownerA, 'contacts', [{ newDocumentState: mine }, { newDocumentState: theirs }], t.db);
      expect(await status(pushChanges(repA, 'contacts', [{ assumedMasterState: mine, newDocumentState: { ...mine, title: 'x' } }], t.db))).toBe('ok');
      expect(await status(pushChanges(repA, 'contacts', [{ assumedMasterState: theirs, newDocumentState: { ...theirs, title: 'x' } }], t.db))).toBe('403 forbidden');
      expect(await status(pushChanges(repA, 'contacts', [{ assumedMasterState: theirs, newDocumentState: { ...theirs, _deleted: true } }], t.db))).toBe('403 forbidden');
      expect(await status(pushChanges(repA, 'contacts', [{ newDocumentState: contactDoc({ ownerId: otherRepA.userId }) }], t.db))).toBe('403 forbidden');
      expect(await serverDoc(ownerA, 'contacts', theirs.id)).toEqual(theirs);
    });
    it('only owners and admins change pipelines', async () => {
      const p = { id: '01900000-0000-7000-8000-000000000002', name: 'P', position: 1, stages: [], createdAt: '2026-11-22T09:00:00.000Z', updatedAt: '2026-11-22T09:00:00.000Z', _deleted: false };
      expect(await status(pushChanges(managerA, 'pipelines', [{ newDocumentState: p }], t.db))).toBe('403 forbidden');
      expect(await status(pushChanges(adminA, 'pipelines', [{ newDocumentState: p }], t.db))).toBe('ok');
    });
    it('a forbidden row refuses the whole batch', async () => {
      const ok = contactDoc({ ownerId: repA.userId });
      const bad = contactDoc({ ownerId: otherRepA.userId });
      expect(await status(pushChanges(repA, 'contacts', [{ newDocumentState: ok }, { newDocumentState: bad }], t.db))).toBe('403 forbidden');
      expect(await serverDoc(ownerA, 'contacts', ok.id)).toBeUndefined();
    });
  });

  describe('bad input: clear 4xx, nothing of the batch written', () => {
    const good = contactDoc();
    const cases: [string, string, unknown, string][] = [
      ['unknown collection', 'invoices', [{ newDocumentState: good }], '404 not_found'],
      ['not an array', 'contacts', { newDocumentState: good }, '422 validation_failed'],
      ['a document failing the schema', 'contacts', [{ newDocumentState: good }, { newDocumentState: { ...contactDoc(), email: 42 } }], '422 validation_failed'],
      ['an unknown field', 'contacts', [{ newDocumentState: good }, { newDocumentState: { ...contactDoc(), tenantId: TENANT_B } }], '422 validation_failed'],
      ['a non-uuid id', 'contacts', [{ newDocumentState: good }, { newDocumentState: contactDoc({ id: 'x' }) }], '422 validation_failed'],
      ['a timestamp with an offset', 'contacts', [{ newDocumentState: good }, { newDocumentState: contactDoc({ updatedAt: '2026-11-22T09:00:00+02:00' }) }], '422 validation_failed'],
      ['the same id twice', 'contacts', [{ newDocumentState: good }, { newDocumentState: { ...good, title: 'x' } }], '422 validation_failed'],
      ['an oversized batch', 'contacts', Array.from({ length: MAX_PUSH_ROWS + 1 }, () => ({ newDocumentState: contactDoc() })), '413 payload_too_large'],
      ['a negative amount', 'deals', [{ newDocumentState: dealDoc({ amountCents: -1 }) }], '422 validation_failed'],
    ];
    for (const [name, collection, body, expected] of cases) {
      it(name, async () => {
        expect(await status(pushChanges(ownerA, collection, body, t.db))).toBe(expected);
        expect(await serverDoc(ownerA, 'contacts', good.id)).toBeUndefined();
      });
    }

    it("tenant B pushing an update of tenant A's record gets 404 and A's record is untouched", async () => {
      const doc = contactDoc();
      await pushChanges(ownerA, 'contacts', [{ newDocumentState: doc }], t.db);
      const fresh = contactDoc();
      const forged = [{ newDocumentState: fresh }, { assumedMasterState: doc, newDocumentState: { ...doc, lastName: 'Hacked' } }];
      expect(await status(pushChanges(ownerB, 'contacts', forged, t.db))).toBe('404 not_found');
      expect(await serverDoc(ownerA, 'contacts', doc.id)).toEqual(doc);
      expect(await serverDoc(ownerB, 'contacts', fresh.id)).toBeUndefined();
      expect(await changesOf(TENANT_B, doc.id)).toEqual([]);
      // Deleting it is refused the same way.
      expect(await status(pushChanges(ownerB, 'contacts', [{ assumedMasterState: doc, newDocumentState: { ...doc, _deleted: true } }], t.db))).toBe('404 not_found');
      expect(await serverDoc(ownerA, 'contacts', doc.id)).toEqual(doc);
    });
  });
});
