// The migrated schema against the rules Citus documents for a table's placement
// (docs/scaling.md cites them): checked on the real schema, PGlite and Postgres, so a
// migration that would stop the schema from distributing fails here, not on a cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITUS_LAYOUT, citusStatements, DISTRIBUTION_COLUMN, type Placement } from './citus-layout';
import { createTestDatabase, type TestDatabase } from './testing';

interface Constraint {
  name: string;
  kind: 'p' | 'u' | 'f' | 'x' | 'i';
  table: string;
  columns: string[];
  refTable: string | null;
  refColumns: string[];
}

const placement = new Map<string, Placement>(CITUS_LAYOUT.map(([t, p]) => [t, p]));
const position = new Map<string, number>(CITUS_LAYOUT.map(([t], i) => [t, i]));

describe(`the schema distributes with Citus (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let tables: string[];
  let constraints: Constraint[];
  let nullableTenant: string[];

  beforeAll(async () => {
    t = await createTestDatabase(2);
    tables = (await t.db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.name);
    const cols = (attrs: string, rel: string) =>
      `(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(${attrs}) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.n)`;
    const rows = await t.db.query<{ name: string; kind: Constraint['kind']; table: string; columns: string; ref_table: string | null; ref_columns: string | null }>(`
      SELECT c.conname AS name, c.contype AS kind, cl.relname AS table, rf.relname AS ref_table,
             ${cols('c.conkey', 'c.conrelid')} AS columns, ${cols('c.confkey', 'c.confrelid')} AS ref_columns
        FROM pg_constraint c
        JOIN pg_class cl ON cl.oid = c.conrelid
        JOIN pg_namespace ns ON ns.oid = cl.relnamespace
        LEFT JOIN pg_class rf ON rf.oid = c.confrelid
       WHERE ns.nspname = 'public' AND c.contype IN ('p', 'u', 'f', 'x')
      UNION ALL
      -- Unique indexes made without a constraint bind a shard just the same.
      SELECT ic.relname, 'i', cl.relname, NULL, ${cols('i.indkey::int2[]', 'i.indrelid')}, NULL
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class cl ON cl.oid = i.indrelid
        JOIN pg_namespace ns ON ns.oid = cl.relnamespace
       WHERE ns.nspname = 'public' AND i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`);
    constraints = rows.rows.map((r) => ({ name: r.name, kind: r.kind, table: r.table, columns: (r.columns ?? '').split(','), refTable: r.ref_table, refColumns: r.ref_columns ? r.ref_columns.split(',') : [] }));
    nullableTenant = (
      await t.db.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = $1 AND is_nullable = 'YES'`, [DISTRIBUTION_COLUMN])
    ).rows.map((r) => r.name);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('places every table exactly once, and only tables that exist', () => {
    expect(CITUS_LAYOUT.length).toBe(placement.size);
    expect([...placement.keys()].sort()).toEqual(tables);
  });

  it('distributed tables have a NOT NULL tenant_id inside every primary key and unique key', () => {
    const problems: string[] = [];
    for (const [table, p] of CITUS_LAYOUT) {
      if (p !== 'distributed') continue;
      if (nullableTenant.includes(table)) problems.push(`${table}.${DISTRIBUTION_COLUMN} is nullable`);
      const keys = constraints.filter((c) => c.table === table && c.kind !== 'f');
      if (!keys.some((c) => c.kind === 'p')) problems.push(`${table} has no primary key`);
      for (const k of keys) if (!k.columns.includes(DISTRIBUTION_COLUMN)) problems.push(`${table}: ${k.name} (${k.columns.join(', ')}) lacks ${DISTRIBUTION_COLUMN}`);
    }
    expect(problems).toEqual([]);
  });

  it('foreign keys follow the placement: co-located by tenant_id, to reference tables, never from a reference table', () => {
    const problems: string[] = [];
    for (const fk of constraints.filter((c) => c.kind === 'f')) {
      const from = placement.get(fk.table);
      const to = placement.get(fk.refTable ?? '');
      const what = `${fk.table} → ${fk.refTable} (${fk.name})`;
      if (from === 'distributed' && to === 'distributed') {
        // Both shards of one tenant must be the same shard: the key pairs tenant_id with tenant_id.
        const at = fk.columns.indexOf(DISTRIBUTION_COLUMN);
        if (at < 0 || fk.refColumns[at] !== DISTRIBUTION_COLUMN) problems.push(`${what} does not pair ${DISTRIBUTION_COLUMN} with ${DISTRIBUTION_COLUMN}`);
      } else if (from === 'distributed' && to !== 'reference') {
        problems.push(`${what}: a distributed table may reference only distributed or reference tables`);
      } else if (from === 'reference' && to !== 'reference') {
        problems.push(`${what}: a reference table may reference only reference tables`);
      } else if (from === 'coordinator' && to === 'distributed') {
        problems.push(`${what}: a coordinator table may not reference a distributed table`);
      }
      if ((position.get(fk.refTable ?? '') ?? Infinity) > (position.get(fk.table) ?? -1) && fk.refTable !== fk.table) {
        problems.push(`${what}: ${fk.refTable} must come before ${fk.table} in CITUS_LAYOUT`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the statements distribute every tenant table co-located with one anchor, reference tables first', () => {
    const statements = citusStatements();
    const distributed = CITUS_LAYOUT.filter(([, p]) => p === 'distributed');
    const reference = CITUS_LAYOUT.filter(([, p]) => p === 'reference');
    expect(statements).toHaveLength(distributed.length + reference.length);
    expect(statements.slice(0, reference.length).every((s) => s.startsWith('SELECT create_reference_table('))).toBe(true);
    expect(statements[reference.length]).toBe(`SELECT create_distributed_table('companies', 'tenant_id');`);
    expect(statements.at(-1)).toBe(`SELECT create_distributed_table('workflow_secrets', 'tenant_id', colocate_with => 'companies');`);
  });
});
