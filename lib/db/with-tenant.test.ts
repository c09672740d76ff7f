import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing';
import { withSystem, withTenant } from './with-tenant';

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';
const companyOfA = '00000000-0000-7000-8000-0000000000a1';
const companyOfB = '00000000-0000-7000-8000-0000000000b1';

describe(`tenant isolation by row-level security (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem(async (tx) => {
      await tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'tenant-a'), ($2, 'B', 'tenant-b')`, [A, B]);
      await tx.query(`INSERT INTO companies (tenant_id, id, name) VALUES ($1, $2, 'A corp'), ($3, $4, 'B corp')`, [
        A,
        companyOfA,
        B,
        companyOfB,
      ]);
    }, t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('a query without WHERE tenant_id sees only its own tenant', async () => {
    const rows = await withTenant(A, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM companies')).rows, t.db);
    expect(rows.map((r) => r.name)).toEqual(['A corp']);
  });

  it('guessing another tenant’s id by primary key returns nothing', async () => {
    const rows = await withTenant(A, async (tx) => (await tx.query('SELECT * FROM companies WHERE id = $1', [companyOfB])).rows, t.db);
    expect(rows).toEqual([]);
  });

  it('inserting a row for another tenant fails', async () => {
    await expect(
      withTenant(A, (tx) => tx.query(`INSERT INTO companies (tenant_id, id, name) VALUES ($1, gen_random_uuid(), 'sneaky')`, [B]), t.db),
    ).rejects.toThrow(/row-level security/);
  });

  it('an UPDATE or DELETE without WHERE leaves the other tenant untouched', async () => {
    await withTenant(A, async (tx) => {
      await tx.query(`UPDATE companies SET name = 'renamed'`);
    }, t.db);
    await withTenant(A, async (tx) => {
      await tx.query(`DELETE FROM contacts`);
    }, t.db);
    const b = await withSystem(async (tx) => (await tx.query<{ name: string }>('SELECT name FROM companies WHERE tenant_id = $1', [B])).rows, t.db);
    expect(b).toEqual([{ name: 'B corp' }]);
  });

  it('moving a row into another tenant fails', async () => {
    await expect(
      withTenant(A, (tx) => tx.query('UPDATE companies SET tenant_id = $1', [B]), t.db),
    ).rejects.toThrow(/row-level security/);
  });

  it('the app role cannot read credentials or users outside the tenant', async () => {
    await withSystem(async (tx) => {
      await tx.query(`INSERT INTO users (id, email, name, password_hash) VALUES
        ('00000000-0000-7000-8000-0000000000c1', 'a@a.test', 'In A', 'x'),
        ('00000000-0000-7000-8000-0000000000c2', 'b@b.test', 'In B', 'y')`);
      await tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES
        ($1, '00000000-0000-7000-8000-0000000000c1', 'rep'), ($2, '00000000-0000-7000-8000-0000000000c2', 'rep')`, [A, B]);
    }, t.db);
    const names = await withTenant(A, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM users')).rows, t.db);
    expect(names).toEqual([{ name: 'In A' }]);
    await expect(withTenant(A, (tx) => tx.query('SELECT password_hash FROM users'), t.db)).rejects.toThrow(/permission denied/);
  });

  it('a failed statement rolls back the whole transaction', async () => {
    await expect(
      withTenant(A, async (tx) => {
        await tx.query(`INSERT INTO companies (tenant_id, id, name) VALUES ($1, gen_random_uuid(), 'kept?')`, [A]);
        await tx.query(`INSERT INTO companies (tenant_id, id, name) VALUES ($1, gen_random_uuid(), 'other')`, [B]);
      }, t.db),
    ).rejects.toThrow();
    const rows = await withSystem(async (tx) => (await tx.query(`SELECT 1 FROM companies WHERE name = 'kept?'`)).rows, t.db);
    expect(rows).toEqual([]);
  });

  it('rejects a malformed tenant id before touching the database', async () => {
    await expect(withTenant("' OR 1=1 --", async () => 1, t.db)).rejects.toThrow();
  });
});
