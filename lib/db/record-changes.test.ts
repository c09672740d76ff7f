import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing';
import { withSystem, withTenant } from './with-tenant';

const A = '00000000-0000-7000-8000-00000000000a';
const B = '00000000-0000-7000-8000-00000000000b';
const rec = '00000000-0000-7000-8000-000000000001';

describe('record_changes outbox', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'a-t'), ($2, 'B', 'b-t')`, [A, B]), t.db);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('the app role appends and reads its own tenant only', async () => {
    await withTenant(A, (tx) => tx.query(`INSERT INTO record_changes (tenant_id, collection, record_id, op) VALUES ($1, 'contacts', $2, 'create')`, [A, rec]), t.db);
    const seenByB = await withTenant(B, async (tx) => (await tx.query('SELECT * FROM record_changes')).rows, t.db);
    expect(seenByB).toEqual([]);
    const seenByA = await withTenant(A, async (tx) => (await tx.query<{ op: string }>('SELECT op FROM record_changes')).rows, t.db);
    expect(seenByA).toEqual([{ op: 'create' }]);
  });

  it('is append-only for the app role', async () => {
    await expect(withTenant(A, (tx) => tx.query(`UPDATE record_changes SET op = 'delete'`), t.db)).rejects.toThrow(/permission denied/);
    await expect(withTenant(A, (tx) => tx.query(`DELETE FROM record_changes`), t.db)).rejects.toThrow(/permission denied/);
  });

  it('a client mutation id is applied once per tenant', async () => {
    const insert = (tenant: string) =>
      withTenant(tenant, (tx) => tx.query(`INSERT INTO record_changes (tenant_id, collection, record_id, op, client_mutation_id) VALUES ($1, 'deals', $2, 'update', 'm-1')`, [tenant, rec]), t.db);
    await insert(A);
    await expect(insert(A)).rejects.toThrow(/duplicate key/);
    await expect(insert(B)).resolves.toBeDefined();
  });
});
