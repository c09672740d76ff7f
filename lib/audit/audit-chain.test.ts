import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { appendAudit } from './append-audit';
import { enforceRetention } from './enforce-retention';
import { sequenceAudit } from './sequence-audit';
import { verifyChain } from './verify-chain';

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';
const actor = '00000000-0000-7000-8000-0000000000c1';

describe(`audit hash chain (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`, () => {
  let t: TestDatabase;
  const verify = (tenant = A) => withTenant(tenant, (tx) => verifyChain(tx, tenant), t.db);
  // Written, then chained (the sequencer pass every reader runs first), so tests can edit the chain.
  const append = async (tenant: string, n: number, start = new Date('2026-01-01T00:00:00Z')) => {
    await withTenant(tenant, async (tx) => {
      for (let i = 0; i < n; i++) {
        await appendAudit(tx, {
          tenantId: tenant,
          actorId: actor,
          action: 'record.update',
          targetType: 'deals',
          targetId: `deal-${i}`,
          data: { amountCents: { before: i, after: i + 1 }, nested: { z: 1, a: [1, { y: 2, b: 3 }] } },
          ip: '203.0.113.9',
          userAgent: 'test',
          occurredAt: new Date(start.getTime() + i * 86_400_000),
        });
      }
    }, t.db);
    await sequenceAudit(tenant, t.db);
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'audit-a'), ($2, 'B', 'audit-b')`, [A, B]), t.db);
  });
  beforeEach(async () => {
    await withSystem(async (tx) => {
      await tx.query('DELETE FROM audit_log');
      await tx.query('DELETE FROM audit_values');
      await tx.query('DELETE FROM audit_checkpoints');
    }, t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('links entries per tenant and verifies', async () => {
    await append(A, 5);
    await append(B, 2);
    expect(await verify(A)).toEqual({ ok: true, entries: 5, fromSeq: 1 });
    expect(await verify(B)).toEqual({ ok: true, entries: 2, fromSeq: 1 });
  });

  it('detects an edited entry at that entry', async () => {
    await append(A, 5);
    await withSystem((tx) => tx.query(`UPDATE audit_log SET data = '{"amountCents":{"before":0,"after":999}}' WHERE tenant_id = $1 AND seq = 3`, [A]), t.db);
    expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'content_changed' });
  });

  it('detects a deleted entry', async () => {
    await append(A, 5);
    await withSystem((tx) => tx.query(`DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 2`, [A]), t.db);
    expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'gap' });
  });

  it('detects an inserted entry even when the sequence is renumbered around it', async () => {
    await append(A, 4);
    await withSystem(async (tx) => {
      await tx.query(`UPDATE audit_log SET seq = seq + 100 WHERE tenant_id = $1 AND seq >= 3`, [A]);
      await tx.query(`UPDATE audit_log SET seq = seq - 99 WHERE tenant_id = $1 AND seq >= 103`, [A]);
      await tx.query(
        `INSERT INTO audit_log (tenant_id, seq, occurred_at, action, data, prev_hash, hash)
         SELECT tenant_id, 3, occurred_at, 'auth.sign_in', '{}', hash, repeat('f', 64) FROM audit_log WHERE tenant_id = $1 AND seq = 2`,
        [A],
      );
    }, t.db);
    expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'content_changed' });
  });

  it('is append-only for the app role', async () => {
    await append(A, 1);
    await expect(withTenant(A, (tx) => tx.query(`UPDATE audit_log SET action = 'x.y'`), t.db)).rejects.toThrow(/permission denied/);
    await expect(withTenant(A, (tx) => tx.query(`DELETE FROM audit_log`), t.db)).rejects.toThrow(/permission denied/);
    await expect(withTenant(A, (tx) => tx.query(`INSERT INTO audit_checkpoints (tenant_id, through_seq, hash) VALUES ($1, 99, 'x')`, [A]), t.db)).rejects.toThrow(/permission denied/);
    await expect(withTenant(A, (tx) => tx.query(`UPDATE audit_values SET changes = '{}'`), t.db)).rejects.toThrow(/permission denied/);
    await expect(withTenant(A, (tx) => tx.query(`DELETE FROM audit_values`), t.db)).rejects.toThrow(/permission denied/);
  });

  it('retention removes the before/after values with their entries', async () => {
    await withTenant(A, async (tx) => {
      for (let i = 0; i < 3; i++) {
        await appendAudit(tx, { tenantId: A, action: 'record.update', targetType: 'deals', targetId: `d${i}`, values: { stage: { before: 'a', after: `b${i}` } }, occurredAt: new Date(Date.UTC(2020, 0, 1 + i)) });
      }
    }, t.db);
    await sequenceAudit(A, t.db);
    await withSystem((tx) => enforceRetention(tx, A, 30, new Date('2026-01-01T00:00:00Z')), t.db);
    const left = await withSystem(async (tx) => (await tx.query<{ seq: number }>('SELECT seq FROM audit_values WHERE tenant_id = $1 ORDER BY seq', [A])).rows, t.db);
    // The newest entry is always kept, and its values with it.
    expect(left.map((r) => Number(r.seq))).toEqual([3]);
    expect(await verify()).toMatchObject({ ok: true, entries: 1, fromSeq: 3 });
  });

  it('tenants cannot read each other’s entries', async () => {
    await append(B, 2);
    const rows = await withTenant(A, async (tx) => (await tx.query('SELECT * FROM audit_log')).rows, t.db);
    expect(rows).toEqual([]);
  });

  it('retention removes old entries and the rest still verifies from the checkpoint', async () => {
    await append(A, 10, new Date('2026-01-01T00:00:00Z'));
    const removed = await withSystem((tx) => enforceRetention(tx, A, 3, new Date('2026-01-10T12:00:00Z')), t.db);
    // Cutoff 2026-01-07T12:00: the entries of Jan 1–7 (seq 1–7) go, Jan 8–10 stay.
    expect(removed).toBe(7);
    expect(await verify()).toEqual({ ok: true, entries: 3, fromSeq: 8 });
    await append(A, 1, new Date('2026-01-11T00:00:00Z'));
    expect(await verify()).toEqual({ ok: true, entries: 4, fromSeq: 8 });
    await withSystem((tx) => tx.query(`DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 8`, [A]), t.db);
    expect(await verify()).toMatchObject({ ok: false, brokenAtSeq: 8, reason: 'gap' });
  });

  it('concurrent appends of one tenant never fork the chain', async () => {
    await Promise.all(Array.from({ length: 8 }, () => append(A, 3)));
    expect(await verify()).toEqual({ ok: true, entries: 24, fromSeq: 1 });
  });
});
