import 'server-only';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { Queryable } from '../db/types';

/**
 * SQL building one wire document as JSON: Postgres does the formatting, so a page of documents
 * goes to the client as one string without being parsed and re-serialised in JavaScript.
 * Instants use the one spelling the schema allows (UTC, milliseconds, Z).
 */
export function docJsonSql(def: CollectionDef, alias = '', deletedSql?: string): string {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  const pairs = def.sqlColumns.map(({ column, type }, i) => {
    const field = def.fieldNames[i];
    const value = type === 'timestamp with time zone' ? `to_char(${col(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : col(column);
    return `'${field}', ${value}`;
  });
  return `json_build_object(${[...pairs, `'_deleted', ${deletedSql ?? col('deleted')}`].join(', ')})`;
}

/**
 * Reads the current rows of `ids` in the transaction's tenant, locked FOR UPDATE so no other
 * writer changes them before this transaction commits. Locked in id order: two pushes that
 * share records must take their locks in the same order, or each can hold one the other
 * waits for (a deadlock Postgres broke in the convergence test, seed 534012507).
 */
export async function lockRecords(tx: Queryable, def: CollectionDef, tenantId: string, ids: string[]): Promise<Map<string, AnyWireDoc>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ doc: string }>(
    `SELECT ${docJsonSql(def)}::text AS doc FROM ${def.table} WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [tenantId, ids],
  );
  return new Map(rows.map((r) => JSON.parse(r.doc) as AnyWireDoc).map((d) => [d.id, d]));
}

/** One record as a wire document (deleted ones too, with `_deleted`), not locked; null when absent. */
export async function readRecord(tx: Queryable, def: CollectionDef, tenantId: string, id: string): Promise<AnyWireDoc | null> {
  const { rows } = await tx.query<{ doc: string }>(`SELECT ${docJsonSql(def)}::text AS doc FROM ${def.table} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0] ? (JSON.parse(rows[0].doc) as AnyWireDoc) : null;
}

/** One wire document as a row keyed by SQL column, for jsonb_populate_recordset. */
export function toRow(def: CollectionDef, tenantId: string, doc: AnyWireDoc): Record<string, unknown> {
  const row: Record<string, unknown> = { tenant_id: tenantId, deleted: doc._deleted };
  for (const { column } of def.sqlColumns) row[column] = doc[fieldOf(def, column)];
  return row;
}

/**
 * Inserts or updates whole documents in one statement. The sync trigger stamps the change
 * position; columns not in the definition (tenant_id aside) keep their values.
 */
export async function upsertRecords(tx: Queryable, def: CollectionDef, tenantId: string, docs: AnyWireDoc[]): Promise<void> {
  if (docs.length === 0) return;
  const columns = ['tenant_id', ...def.fieldNames.map((f) => def.columnOf[f]), 'deleted'];
  const list = columns.join(', ');
  const updates = columns.filter((c) => c !== 'tenant_id' && c !== 'id').map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  await tx.query(
    `INSERT INTO ${def.table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${def.table}, $1::jsonb)
     ON CONFLICT (tenant_id, id) DO UPDATE SET ${updates}`,
    // In id order, like lockRecords: rows it did not lock (new ones) are then also taken in
    // one global order.
    [JSON.stringify(docs.toSorted((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).map((d) => toRow(def, tenantId, d)))],
  );
}

function fieldOf(def: CollectionDef, column: string): string {
  return def.fieldNames.find((f) => def.columnOf[f] === column) ?? column;
}
