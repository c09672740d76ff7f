import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withTenant } from '../db/with-tenant';
import { DEMO_PASSWORD, generateDemoData } from './demo-data';
import { seedDatabase } from './seed-database';

const size = { companies: 20, contacts: 40, deals: 30, activities: 60 };

describe('seedDatabase', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('writes both tenants with logins, then does nothing on a second run', async () => {
    const data = generateDemoData({ anchor: new Date('2026-11-22'), size });
    const first = await seedDatabase(t.db, data);
    expect(first.seeded).toBe(true);
    expect(first.counts).toMatchObject({ tenants: 2, users: 11, companies: 40, contacts: 80 });
    expect((await seedDatabase(t.db, data)).seeded).toBe(false);

    const acme = data.tenants[0]!;
    const companies = await withTenant(acme.id, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM companies')).rows[0]?.n, t.db);
    expect(companies).toBe(size.companies);
    const { rows } = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = 'rep@acme.test'`);
    expect(await verifyPassword(rows[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(rows[0]!.password_hash, 'wrong password')).toBe(false);
  });
});
