// Shared by browser and server. Field builders: each field of a record is declared once
// here and yields its zod validator, its RxDB JSON-schema fragment and its SQL column type,
// so the three cannot drift (sync/schema/collections.test.ts compares them with the tables).
import { z } from 'zod';
import { dayString, instantString, INT32_MAX, INT32_MIN, safeText } from './safe-values';

/** SQL types as `information_schema.columns.data_type` spells them. */
export type SqlType =
  | 'uuid'
  | 'text'
  | 'integer'
  | 'bigint'
  | 'double precision'
  | 'boolean'
  | 'timestamp with time zone'
  | 'date'
  | 'jsonb';

/**
 * What a field holds, in the terms a person picks values and comparisons by (the workflow
 * builder's field pickers and the workflow validator read it).
 */
export type FieldType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'datetime' }
  | { kind: 'uuid' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'json' };

/** A JSON-schema fragment as RxDB accepts it (kept loose: RxDB's own type is stricter than we need here). */
export type JsonSchemaFragment = Record<string, unknown>;

export interface FieldDef<T = unknown> {
  /** The value's validator, null included when the field is nullable. */
  zod: z.ZodType<T>;
  json: JsonSchemaFragment;
  sql: { type: SqlType; nullable: boolean };
  type: FieldType;
  /** The value a document carries when the field is not set (null for nullable fields). */
  empty: T | null;
  /** Whether the field may be indexed in RxDB (Dexie needs indexed fields required, non-null, bounded). */
  indexable: boolean;
}

const UUID_MAX = 36;
/** Text fields are bounded so a document cannot carry megabytes in one field. */
const DEFAULT_TEXT_MAX = 2000;

function make<T>(base: z.ZodType<T>, json: JsonSchemaFragment, sqlType: SqlType, nullable: boolean, indexable: boolean, type: FieldType) {
  if (nullable) {
    return {
      zod: base.nullable(),
      json: { ...json, type: [json.type, 'null'] },
      sql: { type: sqlType, nullable: true },
      type,
      empty: null,
      indexable: false,
    } satisfies FieldDef<T | null>;
  }
  return { zod: base, json, sql: { type: sqlType, nullable: false }, type, empty: null, indexable } satisfies FieldDef<T>;
}

/** UUID (client-made UUIDv7 for record ids). */
export function uuid<N extends boolean = false>(opts: { nullable?: N } = {}) {
  return make(z.uuid(), { type: 'string', maxLength: UUID_MAX }, 'uuid', opts.nullable ?? false, true, { kind: 'uuid' }) as FieldDef<N extends true ? string | null : string>;
}

/** Free text with a length cap (and no NUL or lone surrogate); `min` 1 for names that must not be empty. */
export function text<N extends boolean = false>(opts: { nullable?: N; max?: number; min?: number } = {}) {
  const max = opts.max ?? DEFAULT_TEXT_MAX;
  const min = opts.min ?? 0;
  return make(safeText().min(min).max(max), { type: 'string', maxLength: max, ...(min ? { minLength: min } : {}) }, 'text', opts.nullable ?? false, true, { kind: 'string' }) as FieldDef<
    N extends true ? string | null : string
  >;
}

/** One of a fixed set of strings (SQL keeps it as text with a CHECK constraint). */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V) {
  const max = Math.max(...values.map((v) => v.length));
  return make(z.enum(values), { type: 'string', enum: [...values], maxLength: max }, 'text', false, true, { kind: 'enum', values }) as FieldDef<V[number]>;
}

/** A text value matching a pattern (e.g. a currency code). */
export function pattern(regex: RegExp, max: number) {
  return make(safeText().regex(regex).max(max), { type: 'string', pattern: regex.source, maxLength: max }, 'text', false, true, { kind: 'string' }) as FieldDef<string>;
}

/** 32-bit integer. */
export function int(opts: { min?: number; max?: number } = {}) {
  const min = Math.max(opts.min ?? INT32_MIN, INT32_MIN);
  const max = Math.min(opts.max ?? INT32_MAX, INT32_MAX);
  return make(z.number().int().min(min).max(max), { type: 'integer', minimum: min, maximum: max, multipleOf: 1 }, 'integer', false, true, { kind: 'number' }) as FieldDef<number>;
}

/** 64-bit integer carried as a JS number: limited to 2^53 so it survives JSON exactly (money in cents). */
export function bigInt(opts: { min?: number } = {}) {
  const min = opts.min ?? -Number.MAX_SAFE_INTEGER;
  return make(
    z.number().int().min(min).max(Number.MAX_SAFE_INTEGER),
    { type: 'integer', minimum: min, maximum: Number.MAX_SAFE_INTEGER, multipleOf: 1 },
    'bigint',
    false,
    true,
    { kind: 'number' },
  ) as FieldDef<number>;
}

/** Floating point (coordinates). */
export function float<N extends boolean = false>(opts: { nullable?: N; min: number; max: number }) {
  return make(z.number().min(opts.min).max(opts.max), { type: 'number', minimum: opts.min, maximum: opts.max }, 'double precision', opts.nullable ?? false, false, { kind: 'number' }) as FieldDef<
    N extends true ? number | null : number
  >;
}

export function bool() {
  return make(z.boolean(), { type: 'boolean' }, 'boolean', false, true, { kind: 'boolean' }) as FieldDef<boolean>;
}

/**
 * An instant as an ISO string in UTC with millisecond precision, exactly what
 * `Date.prototype.toISOString()` prints and what the server reads back from timestamptz:
 * one spelling per instant, so comparing documents compares instants. Only real instants:
 * month 13 or year 0000 would pass the pattern and then fail in Postgres.
 */
export function timestamp<N extends boolean = false>(opts: { nullable?: N } = {}) {
  return make(
    instantString(),
    { type: 'string', maxLength: 24 },
    'timestamp with time zone',
    opts.nullable ?? false,
    true,
    { kind: 'datetime' },
  ) as FieldDef<N extends true ? string | null : string>;
}

/** A calendar day, YYYY-MM-DD. */
export function day<N extends boolean = false>(opts: { nullable?: N } = {}) {
  return make(dayString(), { type: 'string', maxLength: 10 }, 'date', opts.nullable ?? false, true, { kind: 'date' }) as FieldDef<
    N extends true ? string | null : string
  >;
}

/** Structured JSON kept in a jsonb column; `schema` validates it, `json` describes it to RxDB. */
export function jsonValue<T>(schema: z.ZodType<T>, json: JsonSchemaFragment) {
  return make(schema, json, 'jsonb', false, false, { kind: 'json' }) as FieldDef<T>;
}
