import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { auditNames, nameOf } from './audit-names';
import type { AuditEntry } from './query-audit';

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';
const ann = '00000000-0000-7000-8000-0000000000a1';
const bob = '00000000-0000-7000-8000-0000000000b1';
const contactA = '00000000-0000-7000-8000-0000000000ca';
const contactB = '00000000-0000-7000-8000-0000000000cb';
const company = '00000000-0000-7000-8000-0000000000c0';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  seq: 1,
  occurredAt: '2026-12-04T10:00:00Z',
  actorId: null,
  actorName: null,
  action: 'record.update',
  targetType: null,
  targetId: null,
  data: null,
  changes: null,
  ip: null,
  userAgent: null,
  hash: '',
  ...over,
});

describe('audit names', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem(async (tx) => {
      await tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'an-a'), ($2, 'B', 'an-b')`, [A, B]);
      await tx.query(`INSERT INTO users (id, email, name) VALUES ($1, 'ann@a.test', 'Ann Lee'), ($2, 'bob@b.test', 'Bob Ray')`, [ann, bob]);
      await tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'rep'), ($3, $4, 'rep')`, [A, ann, B, bob]);
      await tx.query(`INSERT INTO companies (tenant_id, id, name) VALUES ($1, $2, 'Acme')`, [A, company]);
      await tx.query(`INSERT INTO contacts (tenant_id, id, first_name, last_name) VALUES ($1, $2, 'Ada', 'King'), ($3, $4, 'Eve', 'Other')`, [A, contactA, B, contactB]);
    }, t.db);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("names the tenant's records and members among targets, changed values and details, and nothing of another tenant", async () => {
    const entries = [
      entry({ targetType: 'contacts', targetId: contactA, changes: { ownerId: { before: bob, after: ann }, companyId: { before: null, after: company } } }),
      // Ids of tenant B, guessed or pasted into A's entries: never named here.
      entry({ targetType: 'contacts', targetId: contactB, data: { by: bob, note: 'not an id' } }),
    ];
    const names = await withTenant(A, (tx) => auditNames(tx, A, entries), t.db);
    expect(names).toEqual({ [contactA]: 'Ada King', [ann]: 'Ann Lee', [company]: 'Acme' });
  });

  it('never takes an ordinary value for a name, and names no id found in two tables', async () => {
    const dup = '00000000-0000-7000-8000-0000000000dd';
    await withTenant(A, (tx) => tx.query(`INSERT INTO companies (tenant_id, id, name) VALUES ($1, $2, 'Twin Co')`, [A, dup]), t.db);
    await withTenant(A, (tx) => tx.query(`INSERT INTO contacts (tenant_id, id, first_name, last_name) VALUES ($1, $2, 'Twin', 'Person')`, [A, dup]), t.db);
    const names = await withTenant(A, (tx) => auditNames(tx, A, [entry({ targetType: 'companies', targetId: dup, changes: { title: { before: 'constructor', after: '__proto__' } } })]), t.db);
    expect(nameOf(names, dup)).toBeUndefined();
    for (const value of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(nameOf(names, value)).toBeUndefined();
  });

  it('asks nothing when no entry shows an id', async () => {
    expect(await withTenant(A, (tx) => auditNames(tx, A, [entry({ targetType: 'email', targetId: 'x@y.test' })]), t.db)).toEqual({});
  });
});
