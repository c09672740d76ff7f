// The personal data map against the real migrated schema (PGlite and Postgres): a column that
// can hold text and is not classified fails here, as a table without a Citus placement fails
// lib/db/citus-layout.test.ts. Also checks that every payload table has its eraser and that
// record fields are text fields of a synced collection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { COLLECTIONS } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { PAYLOAD_ERASERS } from './erase-payloads';
import { PERSONAL_DATA_MAP, tablesWith } from './personal-data-map';

/** information_schema's spelling of the types that can hold a person's text. */
const TEXT_TYPES = "data_type IN ('text', 'character varying', 'json', 'jsonb') OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar'))";

describe(`the personal data map covers the schema (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let columns: string[];

  beforeAll(async () => {
    t = await createTestDatabase(2);
    columns = (
      await t.db.query<{ name: string }>(
        `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
         WHERE table_schema = 'public' AND (${TEXT_TYPES}) ORDER BY 1`,
      )
    ).rows.map((r) => r.name);
  });
  afterAll(async () => {
    await t.dispose();
  });

  const mapped = () => Object.entries(PERSONAL_DATA_MAP).flatMap(([table, e]) => Object.keys(e.columns).map((c) => `${table}.${c}`)).sort();

  it('classifies every text, varchar, text[], json and jsonb column of every table, and only columns that exist', () => {
    expect(columns.length).toBeGreaterThan(100);
    const missing = columns.filter((c) => !mapped().includes(c));
    const stale = mapped().filter((c) => !columns.includes(c));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('describes every table and column in words', () => {
    for (const [table, e] of Object.entries(PERSONAL_DATA_MAP)) {
      expect(e.about.length, table).toBeGreaterThan(5);
      for (const [column, c] of Object.entries(e.columns)) expect(c.description.length, `${table}.${column}`).toBeGreaterThan(3);
      const personal = Object.values(e.columns).some((c) => c.treatment === 'payload' || c.treatment === 'record field');
      if (personal) expect(e.erasure, `${table} says how an erasure treats it`).toBeTruthy();
    }
  });

  it('every payload table has its eraser, and every eraser a payload table', () => {
    expect(tablesWith('payload')).toEqual(Object.keys(PAYLOAD_ERASERS).sort());
  });

  it('record fields are text fields of a synced collection', () => {
    const defs = Object.values(COLLECTIONS) as unknown as CollectionDef[];
    for (const table of tablesWith('record field')) {
      const def = defs.find((d) => d.table === table);
      expect(def, table).toBeDefined();
      for (const [column, c] of Object.entries(PERSONAL_DATA_MAP[table]!.columns)) {
        if (c.treatment !== 'record field') continue;
        const field = def!.fieldNames.find((f) => def!.columnOf[f] === column);
        expect(field && def!.fields[field]!.type.kind, `${table}.${column}`).toBe('string');
      }
    }
  });
});
