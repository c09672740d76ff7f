// Shared by browser and server. One definition per synced collection: from its fields come
// the zod validator of a document, the RxDB JSON schema and the SQL column list.
import { z } from 'zod';
import type { FieldDef, JsonSchemaFragment, SqlType } from './fields';

type Fields = Record<string, FieldDef>;

/** The document a collection's fields describe (without the replication flag). */
export type DocOf<F extends Fields> = { [K in keyof F]: F[K] extends FieldDef<infer T> ? T : never };

/** A document as it travels in pull and push: the record plus RxDB's `_deleted` tombstone flag. */
export type WireDoc<F extends Fields> = DocOf<F> & { _deleted: boolean };

export interface CollectionDef<N extends string = string, F extends Fields = Fields> {
  /** Collection name in RxDB and in the URL (`/api/sync/{name}/...`). */
  name: N;
  /** The Postgres table. */
  table: string;
  fields: F;
  /** Field names in declaration order; `id` first. */
  fieldNames: (keyof F & string)[];
  /** camelCase document field → snake_case SQL column. */
  columnOf: Record<keyof F & string, string>;
  /** Strict validator of a document on the wire (unknown keys rejected). */
  wireSchema: z.ZodType<WireDoc<F>>;
  /** RxDB JSON schema (version 0), derived from the fields. */
  rxSchema: JsonSchemaFragment & { version: number; primaryKey: 'id' };
  /** The SQL columns this definition expects, for the drift test and the SQL writers. */
  sqlColumns: { column: string; type: SqlType; nullable: boolean }[];
  /** The field that says who owns a record (role rules), or null when records are unowned. */
  ownerField: (keyof F & string) | null;
}

/** camelCase → snake_case, the one mechanical mapping between document fields and SQL columns. */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Declares a synced collection. `fields` must contain `id` (uuid, the primary key),
 * `createdAt` and `updatedAt`; `indexes` name fields RxDB indexes in the browser.
 */
export function defineCollection<const N extends string, F extends Fields & { id: FieldDef<string> }>(def: {
  name: N;
  table: string;
  fields: F;
  indexes?: readonly (readonly (keyof F & string)[])[];
  ownerField?: keyof F & string;
  /** Bump with an RxDB migration strategy when the fields change. */
  version?: number;
}): CollectionDef<N, F> {
  const fieldNames = Object.keys(def.fields) as (keyof F & string)[];
  if (fieldNames[0] !== 'id') throw new Error(`${def.name}: the first field must be id`);
  for (const required of ['createdAt', 'updatedAt']) {
    if (!fieldNames.includes(required as keyof F & string)) throw new Error(`${def.name}: missing ${required}`);
  }
  const columnOf = Object.fromEntries(fieldNames.map((f) => [f, toSnakeCase(f)])) as Record<keyof F & string, string>;
  const shape: Record<string, z.ZodType> = {};
  const properties: Record<string, JsonSchemaFragment> = {};
  for (const f of fieldNames) {
    const field = def.fields[f] as FieldDef;
    shape[f] = field.zod;
    properties[f] = field.json;
  }
  for (const index of def.indexes ?? []) {
    for (const f of index) {
      if (!(def.fields[f] as FieldDef).indexable) throw new Error(`${def.name}: field ${f} cannot be indexed (nullable or unbounded)`);
    }
  }
  const wireSchema = z.strictObject({ ...shape, _deleted: z.boolean() }) as unknown as z.ZodType<WireDoc<F>>;
  return {
    name: def.name,
    table: def.table,
    fields: def.fields,
    fieldNames,
    columnOf,
    wireSchema,
    rxSchema: {
      version: def.version ?? 0,
      primaryKey: 'id',
      type: 'object',
      properties,
      // Every field is always present (null when empty): a document has one shape, and
      // Dexie requires indexed fields to be required.
      required: fieldNames,
      indexes: (def.indexes ?? []).map((i) => (i.length === 1 ? i[0] : [...i])),
      additionalProperties: false,
    },
    sqlColumns: fieldNames.map((f) => ({ column: columnOf[f], ...(def.fields[f] as FieldDef).sql })),
    ownerField: def.ownerField ?? null,
  };
}
