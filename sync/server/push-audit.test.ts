import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '@/lib/audit/verify-chain';
import type { TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, session, TENANT_A, TENANT_B } from './testing';

const repA = { ...session(TENANT_A, 'rep'), ip: '198.51.100.4', userAgent: 'phone', requestId: 'req-1' };
const repB = session(TENANT_B, 'rep');

describe('record changes in the audit log', () => {
  let t: TestDatabase;
  const entries = (tenant: string, recordId: string) =>
    withTenant(
      tenant,
      async (tx) =>
        (
          await tx.query<{ action: string; actor_id: string | null; target_type: string; data: { fields: string[]; source: string }; ip: string | null; request_id: string | null }>(
            `SELECT action, actor_id, target_type, data, ip, request_id FROM audit_log WHERE target_id = $1 ORDER BY seq`,
            [recordId],
          )
        ).rows,
      t.db,
    );

  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(() => t.dispose());

  it('records who changed which record, when and which fields, never the values, in the same chain', async () => {
    const doc = contactDoc({ ownerId: repA.userId, email: 'secret-person@example.test' });
    await pushChanges(repA, 'contacts', [{ newDocumentState: doc }], t.db);
    const edited = { ...doc, lastName: 'Byron', email: 'other-person@example.test' };
    await pushChanges(repA, 'contacts', [{ assumedMasterState: doc, newDocumentState: edited }], t.db);
    await pushChanges(repA, 'contacts', [{ assumedMasterState: edited, newDocumentState: { ...edited, _deleted: true } }], t.db);
    // A replayed push changes nothing and writes nothing.
    await pushChanges(repA, 'contacts', [{ assumedMasterState: edited, newDocumentState: { ...edited, _deleted: true } }], t.db);

    const log = await entries(TENANT_A, doc.id);
    expect(log.map((e) => e.action)).toEqual(['record.create', 'record.update', 'record.delete']);
    expect(log.every((e) => e.actor_id === repA.userId && e.target_type === 'contacts' && e.ip === '198.51.100.4' && e.request_id === 'req-1')).toBe(true);
    expect({ ...log[1]!.data, fields: [...log[1]!.data.fields].sort() }).toEqual({ fields: ['email', 'lastName'], source: 'sync' });
    expect(JSON.stringify(log)).not.toContain('example.test');
    expect(await withTenant(TENANT_A, (tx) => verifyChain(tx, TENANT_A), t.db)).toMatchObject({ ok: true });
    // Tenant B's log holds nothing of A's records.
    expect(await entries(TENANT_B, doc.id)).toEqual([]);
  });

  it('a push of many documents appends them in order as one unbroken chain', async () => {
    const docs = Array.from({ length: 50 }, () => contactDoc({ ownerId: repB.userId }));
    await pushChanges(repB, 'contacts', docs.map((d) => ({ newDocumentState: d })), t.db);
    const n = await withTenant(TENANT_B, async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'record.create'`)).rows[0]!.n, t.db);
    expect(n).toBe(50);
    expect(await withTenant(TENANT_B, (tx) => verifyChain(tx, TENANT_B), t.db)).toMatchObject({ ok: true, entries: 50 });
  });

  it('a refused push writes no audit entry (same transaction)', async () => {
    const before = await withTenant(TENANT_A, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n, t.db);
    const good = contactDoc({ ownerId: repA.userId });
    const forged = contactDoc({ ownerId: repA.userId });
    await expect(pushChanges(repA, 'contacts', [{ newDocumentState: good }, { assumedMasterState: forged, newDocumentState: { ...forged, lastName: 'X' } }], t.db)).rejects.toThrow(/does not exist/);
    const after = await withTenant(TENANT_A, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n, t.db);
    expect(after).toBe(before);
  });
});
