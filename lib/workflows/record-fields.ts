// Shared with the browser (the builder's field pickers) and the server (validator, engine):
// the records a workflow can see and their fields, read from the synced collection
// definitions, so a field added to a collection appears in the builder without more code.
// Field names are the wire names (`stageId`), the one vocabulary of documents, the change log
// and the audit log.
import { COLLECTIONS as SYNCED } from '@/sync/schema/collections';
import type { FieldDef, FieldType } from '@/sync/schema/fields';

export type { FieldType };

/** Records a workflow can trigger on and write (pipelines are configuration, not records). */
export const COLLECTIONS = ['deals', 'contacts', 'companies', 'activities'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export interface FieldSpec {
  type: FieldType;
  label: string;
  /** Workflows may set it with "update record". */
  writable: boolean;
}

/** Kept by the write path itself: a workflow may read but not set them. */
const SYSTEM_FIELDS = new Set(['id', 'createdAt', 'updatedAt']);
const LABELS: Record<string, string> = { id: 'Id', amountCents: 'Amount (cents)' };

/** "closeDate" → "Close date", "companyId" → "Company". */
function labelOf(name: string): string {
  if (LABELS[name]) return LABELS[name];
  const words = name.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
  if (words.length > 1 && words.at(-1) === 'id') words.pop();
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fieldsOf(collection: Collection): Record<string, FieldDef> {
  return SYNCED[collection].fields as unknown as Record<string, FieldDef>;
}

/** The fields of `collection` in declaration order, with how the builder shows them. */
export function fieldSpecs(collection: Collection): [string, FieldSpec][] {
  return Object.keys(fieldsOf(collection)).map((name) => [name, fieldSpec(collection, name) as FieldSpec]);
}

/** The spec of `field` on `collection`, or undefined when the collection has no such field. */
export function fieldSpec(collection: Collection, field: string): FieldSpec | undefined {
  const fields = fieldsOf(collection);
  if (!Object.hasOwn(fields, field)) return undefined;
  const def = fields[field] as FieldDef;
  return { type: def.type, label: labelOf(field), writable: !SYSTEM_FIELDS.has(field) && def.type.kind !== 'json' };
}

/** Why `field` of `collection` cannot hold `value` (the collection's own validator), or undefined. */
export function storedValueError(collection: Collection, field: string, value: unknown): string | undefined {
  const def = fieldsOf(collection)[field];
  if (!def) return `${collection} has no field "${field}"`;
  const parsed = def.zod.safeParse(value);
  return parsed.success ? undefined : `is invalid (${parsed.error.issues[0]?.message ?? 'not a value this field holds'})`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why `value` cannot be compared with a field of `type`, or undefined when it fits (condition
 * values: looser than storedValueError, since "is empty" compares with null and "contains"
 * with part of a value).
 */
export function valueTypeError(type: FieldType, value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : 'expects text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expects a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expects true or false';
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'expects a date (YYYY-MM-DD)';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'expects a date and time (ISO 8601)';
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? undefined : 'expects an id (UUID)';
    case 'enum':
      return typeof value === 'string' && type.values.includes(value) ? undefined : `expects one of ${type.values.join(', ')}`;
    case 'json':
      return 'cannot be compared';
    default: {
      const never: never = type;
      return never;
    }
  }
}
