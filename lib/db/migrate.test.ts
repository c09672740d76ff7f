import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { splitSql } from './sql-split';
import { createTestDatabase, type TestDatabase } from './testing';

describe('splitSql', () => {
  it('splits on top-level semicolons only', () => {
    const sql = `CREATE TABLE a (x text DEFAULT 'a;b'); -- c;d
      DO $$ BEGIN PERFORM 1; END $$;
      /* e; */ SELECT ";" ;`;
    expect(splitSql(sql)).toEqual([
      "CREATE TABLE a (x text DEFAULT 'a;b')",
      'DO $$ BEGIN PERFORM 1; END $$',
      'SELECT ";"',
    ]);
  });
});

describe(`migrations on ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('creates every table with tenant_id leading the primary key of tenant tables', async () => {
    const { rows } = await t.db.query<{ table_name: string; columns: string }>(`
      SELECT tc.table_name, string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position) AS columns
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu
        ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
      WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'
      GROUP BY tc.table_name`);
    const pk = Object.fromEntries(rows.map((r) => [r.table_name, r.columns]));
    for (const table of ['companies', 'contacts', 'pipelines', 'deals', 'activities']) {
      expect(pk[table]).toBe('tenant_id,id');
    }
    expect(pk.memberships).toBe('tenant_id,user_id');
  });

  it('forces row-level security on every table that has a tenant_id', async () => {
    const { rows } = await t.db.query<{ relname: string; rls: boolean; forced: boolean }>(`
      SELECT c.relname, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
      FROM pg_class c JOIN information_schema.columns col
        ON col.table_name = c.relname AND col.column_name = 'tenant_id' AND col.table_schema = 'public'
      WHERE c.relkind = 'r'`);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const r of rows) expect({ table: r.relname, rls: r.rls, forced: r.forced }).toEqual({ table: r.relname, rls: true, forced: true });
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect(await migrate(t.db)).toEqual([]);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1);
  });
});
