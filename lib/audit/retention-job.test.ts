import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { lastRun } from '../ops/maintenance-runs';
import { appendAudit } from './append-audit';
import { RETENTION_JOB, runAuditRetention } from './retention-job';
import { sequenceAudit } from './sequence-audit';
import { verifyChain } from './verify-chain';

const A = '00000000-0000-7000-8000-0000000000a1';
const B = '00000000-0000-7000-8000-0000000000b1';
const DAY = 86_400_000;

describe('scheduled audit retention', () => {
  let t: TestDatabase;
  const count = async (tenant: string) => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1', [tenant])).rows[0]!.n;
  const append = async (tenant: string, n: number, start: Date) => {
    await withTenant(tenant, async (tx) => {
      for (let i = 0; i < n; i++) await appendAudit(tx, { tenantId: tenant, action: 'record.update', targetType: 'deals', targetId: `d${i}`, occurredAt: new Date(start.getTime() + i * DAY) });
    }, t.db);
    await sequenceAudit(tenant, t.db);
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem(
      (tx) =>
        tx.query(`INSERT INTO tenants (id, name, slug, settings) VALUES ($1, 'A', 'ret-a', '{"auditRetentionDays": 30}'), ($2, 'B', 'ret-b', '{}')`, [A, B]),
      t.db,
    );
    // 20 daily entries from 2025-12-01: on 2026-01-15 those before 2025-12-16 are past 30 days.
    await append(A, 20, new Date('2025-12-01T00:00:00Z'));
    await append(B, 20, new Date('2025-12-01T00:00:00Z'));
  });
  afterAll(() => t.dispose());

  it('removes only the entries past each tenant’s setting, audits the removal, keeps the chain verifiable', async () => {
    const now = new Date('2026-01-15T00:00:00Z');
    const outcome = await runAuditRetention(t.db, now);
    expect(outcome).toMatchObject({ status: 'done', removed: { [A]: 15 } });
    // Dec 1–15 removed; Dec 16–20 kept, plus the retention entry itself.
    expect(await count(A)).toBe(6);
    expect(await count(B)).toBe(20);
    const entry = await t.db.query<{ action: string; data: unknown }>(`SELECT action, data FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`, [A]);
    expect(entry.rows[0]).toEqual({ action: 'audit.retention', data: { removed: 15, days: 30 } });
    expect(await withTenant(A, (tx) => verifyChain(tx, A), t.db)).toEqual({ ok: true, entries: 6, fromSeq: 16 });
    expect(await lastRun(RETENTION_JOB, t.db)).toMatchObject({ ok: true, detail: { removed: { [A]: 15 } } });
  });

  it('runs once per interval however many instances ask', async () => {
    const soon = new Date('2026-01-15T06:00:00Z');
    expect(await runAuditRetention(t.db, soon)).toEqual({ status: 'not_due' });
    const next = new Date(Date.parse('2026-01-16T00:00:01Z'));
    const both = await Promise.all([runAuditRetention(t.db, next), runAuditRetention(t.db, next)]);
    expect(both.map((o) => o.status).sort()).toEqual(['done', 'not_due']);
  });
});
