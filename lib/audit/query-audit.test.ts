import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { appendAudit } from './append-audit';
import { auditFilterSchema } from './audit-filter';
import { auditToCsv, queryAudit } from './query-audit';
import { sequenceAudit } from './sequence-audit';

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';
const alice = '00000000-0000-7000-8000-0000000000c1';

describe('audit queries and export', () => {
  let t: TestDatabase;
  // Sequence before read, as listAuditEntries does.
  const q = async (tenant: string, filter: Record<string, unknown>) => {
    await sequenceAudit(tenant, t.db);
    return withTenant(tenant, (tx) => queryAudit(tx, auditFilterSchema.parse(filter)), t.db);
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem(async (tx) => {
      await tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'qa-a'), ($2, 'B', 'qa-b')`, [A, B]);
      await tx.query(`INSERT INTO users (id, email, name) VALUES ($1, 'alice@a.test', 'Alice')`, [alice]);
      await tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'admin')`, [A, alice]);
    }, t.db);
    await withTenant(A, async (tx) => {
      await appendAudit(tx, { tenantId: A, actorId: alice, action: 'auth.sign_out', occurredAt: new Date('2026-03-01T10:00:00Z') });
      await appendAudit(tx, { tenantId: A, actorId: alice, action: 'record.update', targetType: 'deals', targetId: 'd1', data: { fields: ['name'] }, values: { name: { before: '=cmd', after: 'Fleet' } }, occurredAt: new Date('2026-03-02T10:00:00Z') });
      await appendAudit(tx, { tenantId: A, action: 'auth.sign_in.password', targetType: 'email', targetId: '=HYPERLINK("http://evil")', occurredAt: new Date('2026-03-03T10:00:00Z') });
    }, t.db);
    await withTenant(B, (tx) => appendAudit(tx, { tenantId: B, action: 'auth.sign_out' }), t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('filters by actor, exact action, action area, record and time, newest first', async () => {
    expect((await q(A, {})).map((e) => e.seq)).toEqual([3, 2, 1]);
    expect((await q(A, { actorId: alice })).map((e) => e.action)).toEqual(['record.update', 'auth.sign_out']);
    expect((await q(A, { action: 'auth.' })).map((e) => e.seq)).toEqual([3, 1]);
    expect((await q(A, { action: 'auth.sign_out' })).map((e) => e.seq)).toEqual([1]);
    expect((await q(A, { targetType: 'deals', targetId: 'd1' }))[0]).toMatchObject({ actorName: 'Alice', data: { fields: ['name'] }, changes: { name: { before: '=cmd', after: 'Fleet' } } });
    expect((await q(A, { action: 'auth.sign_out' }))[0]!.changes).toBeNull();
    expect((await q(A, { from: '2026-03-02T00:00:00Z', to: '2026-03-02T23:59:59Z' })).map((e) => e.seq)).toEqual([2]);
    expect((await q(A, { limit: 1, beforeSeq: 3 })).map((e) => e.seq)).toEqual([2]);
  });

  it('never shows another tenant’s entries', async () => {
    expect((await q(B, {})).map((e) => e.action)).toEqual(['auth.sign_out']);
  });

  it('rejects bad filters with a message naming the field', () => {
    const r = auditFilterSchema.safeParse({ from: '2026-03-03T00:00:00Z', to: '2026-03-01T00:00:00Z', limit: 5000 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['from', 'limit']);
  });

  it('exports CSV that round-trips and neutralises formulas', async () => {
    const csv = auditToCsv(await q(A, {}));
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true }).data;
    expect(parsed.map((r) => r.action)).toEqual(['auth.sign_in.password', 'record.update', 'auth.sign_out']);
    expect(JSON.parse(parsed[1]!.changes!)).toEqual({ name: { before: '=cmd', after: 'Fleet' } });
    expect(parsed[2]!.changes).toBe('');
    // A value an attacker typed (here as the email of a failed sign-in) cannot become a formula.
    expect(parsed[0]!.target_id).toBe(`'=HYPERLINK("http://evil")`);
  });
});
