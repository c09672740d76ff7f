import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { COLLECTIONS } from '@/sync/schema/collections';

// Columns a synced table has beyond the document's fields: tenancy and sync bookkeeping.
const SERVER_ONLY = ['tenant_id', 'deleted', 'deleted_at', 'change_xid', 'change_seq'];

describe('sync/schema definitions match the SQL tables', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  for (const def of Object.values(COLLECTIONS)) {
    it(`${def.name}: every column, type and nullability`, async () => {
      const { rows } = await t.db.query<{ column_name: string; data_type: string; is_nullable: string }>(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [def.table],
      );
      expect(rows.length).toBeGreaterThan(0);
      const actual = Object.fromEntries(
        rows.filter((r) => !SERVER_ONLY.includes(r.column_name)).map((r) => [r.column_name, { type: r.data_type, nullable: r.is_nullable === 'YES' }]),
      );
      const expected = Object.fromEntries(def.sqlColumns.map((c) => [c.column, { type: c.type, nullable: c.nullable }]));
      expect(actual).toEqual(expected);
      expect(rows.map((r) => r.column_name)).toEqual(expect.arrayContaining(SERVER_ONLY));
    });
  }

  it('the RxDB schema lists the same fields as the SQL columns, all required', () => {
    for (const def of Object.values(COLLECTIONS)) {
      expect(Object.keys(def.rxSchema.properties as object)).toEqual(def.fieldNames);
      expect(def.rxSchema.required).toEqual(def.fieldNames);
      expect(def.sqlColumns.map((c) => c.column)).toEqual(def.fieldNames.map((f) => f.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)));
    }
  });
});
