import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceAudit } from '@/lib/audit/sequence-audit';
import { verifyChain } from '@/lib/audit/verify-chain';
import type { TestDatabase } from '@/lib/db/testing';
import { withSystem, withTenant } from '@/lib/db/with-tenant';
import { pushChanges } from './push';
import { contactDoc, createSyncTestDatabase, session, TENANT_A, TENANT_B } from './testing';

const repA = { ...session(TENANT_A, 'rep'), ip: '198.51.100.4', userAgent: 'phone', requestId: 'req-1' };
const repB = session(TENANT_B, 'rep');

describe('record changes in the audit log', () => {
  let t: TestDatabase;
  // Every read chains what has committed first (sequence before read), as the app's readers do.
  const entries = async (tenant: string, recordId: string) => {
    await sequenceAudit(tenant, t.db);
    return withTenant(
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
  };

  beforeAll(async () => {
    t = await createSyncTestDatabase();
  });
  afterAll(() => t.dispose());

  const values = async (tenant: string, recordId: string) => {
    await sequenceAudit(tenant, t.db);
    return withTenant(
      tenant,
      async (tx) =>
        (
          await tx.query<{ seq: number; changes: Record<string, { before: unknown; after: unknown }> }>(
            `SELECT v.seq, v.changes FROM audit_values v JOIN audit_log a USING (tenant_id, seq) WHERE a.target_id = $1 ORDER BY v.seq`,
            [recordId],
          )
        ).rows,
      t.db,
    );
  };

  it('records who changed which record, when, which fields and their values before and after, in the same chain', async () => {
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
    expect({ ...log[1]!.data, fields: [...log[1]!.data.fields].sort() }).toEqual({ fields: ['email', 'lastName'], source: 'sync', valuesSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The values sit beside the chain (erasable), never in the chained entry itself.
    expect(JSON.stringify(log)).not.toContain('example.test');
    const stored = await values(TENANT_A, doc.id);
    expect(stored).toHaveLength(2); // create and update; a delete changes no field value
    expect(stored[0]!.changes.email).toEqual({ before: null, after: 'secret-person@example.test' });
    expect(stored[1]!.changes).toEqual({
      email: { before: 'secret-person@example.test', after: 'other-person@example.test' },
      lastName: { before: doc.lastName, after: 'Byron' },
    });
    expect(await withTenant(TENANT_A, (tx) => verifyChain(tx, TENANT_A), t.db)).toMatchObject({ ok: true });
    // Tenant B sees neither A's entries nor A's values.
    expect(await entries(TENANT_B, doc.id)).toEqual([]);
    expect(await values(TENANT_B, doc.id)).toEqual([]);
  });

  it('verification catches edited values and accepts erased ones', async () => {
    const doc = contactDoc({ ownerId: repA.userId, email: 'keep@example.test' });
    await pushChanges(repA, 'contacts', [{ newDocumentState: doc }], t.db);
    const seq = (await values(TENANT_A, doc.id))[0]!.seq;
    const verify = () => withTenant(TENANT_A, (tx) => verifyChain(tx, TENANT_A), t.db);
    // As the owner (the app role cannot update audit rows at all).
    await withSystem((tx) => tx.query(`UPDATE audit_values SET changes = jsonb_set(changes, '{email,after}', '"forged@example.test"') WHERE tenant_id = $1 AND seq = $2`, [TENANT_A, seq]), t.db);
    expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: seq, reason: 'values_changed' });
    // Erasing a person's values leaves a chain that still verifies.
    await withSystem((tx) => tx.query(`DELETE FROM audit_values WHERE tenant_id = $1 AND seq = $2`, [TENANT_A, seq]), t.db);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('a push of many documents appends them in order as one unbroken chain', async () => {
    const docs = Array.from({ length: 50 }, () => contactDoc({ ownerId: repB.userId }));
    await pushChanges(repB, 'contacts', docs.map((d) => ({ newDocumentState: d })), t.db);
    await sequenceAudit(TENANT_B, t.db);
    const n = await withTenant(TENANT_B, async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'record.create'`)).rows[0]!.n, t.db);
    expect(n).toBe(50);
    expect(await withTenant(TENANT_B, (tx) => verifyChain(tx, TENANT_B), t.db)).toMatchObject({ ok: true, entries: 50 });
  });

  it('a refused push writes no audit entry (same transaction)', async () => {
    const count = async () => {
      await sequenceAudit(TENANT_A, t.db);
      return withTenant(TENANT_A, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n, t.db);
    };
    const before = await count();
    const good = contactDoc({ ownerId: repA.userId });
    const forged = contactDoc({ ownerId: repA.userId });
    await expect(pushChanges(repA, 'contacts', [{ newDocumentState: good }, { assumedMasterState: forged, newDocumentState: { ...forged, lastName: 'X' } }], t.db)).rejects.toThrow(/does not exist/);
    const after = await count();
    expect(after).toBe(before);
  });
});
