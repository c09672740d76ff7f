import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { appendAudit, type AuditEvent } from './append-audit';
import { sequenceAudit } from './sequence-audit';
import { AUDIT_ACTION_PATTERN, AUDIT_ACTIONS } from './audit-actions';
import { verifyChain } from './verify-chain';

const T = '00000000-0000-7000-8000-0000000000ac';

describe('audit action names', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'T', 'actions-t')`, [T]), t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('every name in the typed list matches the pattern and is accepted by audit_log’s CHECK', async () => {
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(20);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action, action).toMatch(AUDIT_ACTION_PATTERN);
    // The database is the judge: one entry per name, one chain that still verifies.
    await withTenant(T, async (tx) => {
      for (const action of AUDIT_ACTIONS) await appendAudit(tx, { tenantId: T, action });
    }, t.db);
    await sequenceAudit(T, t.db);
    const stored = await withTenant(T, async (tx) => (await tx.query<{ action: string }>('SELECT action FROM audit_log ORDER BY seq')).rows.map((r) => r.action), t.db);
    expect(stored).toEqual([...AUDIT_ACTIONS]);
    expect(await withTenant(T, (tx) => verifyChain(tx, T), t.db)).toMatchObject({ ok: true, entries: AUDIT_ACTIONS.length });
  });

  it('the pattern agrees with the database: the old reset action was refused by both', async () => {
    const old = 'auth.member.reset_2fa';
    expect(old).not.toMatch(AUDIT_ACTION_PATTERN);
    await expect(withTenant(T, (tx) => appendAudit(tx, { tenantId: T, action: old } as unknown as AuditEvent), t.db)).rejects.toThrow(/check constraint/i);
  });
});
