// Shared by the server, the OpenAPI document and the SDK's generator: the public API's view of
// the synced collections. One definition per collection (sync/schema/collections.ts) gives
// the phone's document, the sync push validator and, here, the API's record, create and patch
// bodies: a field added there appears in the API and its document with nothing written twice.
import { z } from 'zod';
import { collectionDef, type CollectionName } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';

/** The record collections of API v1, by their URL name (/api/v1/{resource}). */
export const RECORD_RESOURCES = ['companies', 'contacts', 'deals', 'activities', 'pipelines'] as const satisfies readonly CollectionName[];
export type RecordResource = (typeof RECORD_RESOURCES)[number];

/** Most records one list page or one bulk upsert carries. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_BULK_ITEMS = 1000;

/** Fields the server sets on every write; a body may not. */
export const SERVER_FIELDS = ['id', 'createdAt', 'updatedAt'] as const;

/**
 * Values a create may leave out besides nullable fields (null) and booleans (false): the ones
 * a person would not think to send. Everything else that cannot be null is required.
 */
const CREATE_DEFAULTS: Partial<Record<RecordResource, Record<string, unknown>>> = {
  deals: { status: 'open', amountCents: 0 },
  pipelines: { position: 0 },
};

export interface ResourceSchemas {
  def: CollectionDef;
  /** A record as the API returns it (the wire document without the tombstone flag). */
  record: z.ZodObject;
  /** A create body: every field but the server's; optional `id` (a UUID) to create with. */
  create: z.ZodObject;
  /** A PATCH body: any of the writable fields. */
  patch: z.ZodObject;
  /** Fields a list may be sorted by: never null, so a cursor always has a value to resume from. */
  sortable: string[];
  /** Fields a list may be filtered by with `?field=value` (exact match). */
  filterable: string[];
  /** The value every field takes when a create leaves it out. */
  defaults: Record<string, unknown>;
}

const singularOf = (resource: string) => resource.replace(/ies$/, 'y').replace(/s$/, '');
const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `Contact`, `Company`: the component name of a resource's record in the OpenAPI document. */
export function componentName(resource: RecordResource): string {
  return titleCase(singularOf(resource));
}

function build(resource: RecordResource): ResourceSchemas {
  const def = collectionDef(resource);
  const name = componentName(resource);
  const recordShape: Record<string, z.ZodType> = {};
  const createShape: Record<string, z.ZodType> = {};
  const patchShape: Record<string, z.ZodType> = {};
  const defaults: Record<string, unknown> = {};
  const sortable: string[] = [];
  const filterable: string[] = [];
  for (const field of def.fieldNames) {
    const f = def.fields[field]!;
    recordShape[field] = f.zod;
    const nullable = f.sql.nullable;
    if (!nullable && f.type.kind !== 'json') sortable.push(field);
    if (['uuid', 'enum', 'boolean', 'string', 'number', 'date'].includes(f.type.kind) && field !== 'id') filterable.push(field);
    if ((SERVER_FIELDS as readonly string[]).includes(field)) continue;
    const fallback = nullable ? null : f.type.kind === 'boolean' ? false : CREATE_DEFAULTS[resource]?.[field];
    if (fallback !== undefined) defaults[field] = fallback;
    createShape[field] = fallback !== undefined ? f.zod.optional() : f.zod;
    patchShape[field] = f.zod.optional();
  }
  return {
    def,
    record: z.strictObject(recordShape).meta({ id: name }),
    create: z.strictObject({ id: z.uuid().optional().meta({ description: 'Create with this id (a UUID); made by the server when left out.' }), ...createShape }).meta({ id: `${name}Create` }),
    patch: z.strictObject(patchShape).meta({ id: `${name}Patch` }),
    sortable,
    filterable,
    defaults,
  };
}

const SCHEMAS = Object.fromEntries(RECORD_RESOURCES.map((r) => [r, build(r)])) as Record<RecordResource, ResourceSchemas>;

export function resourceSchemas(resource: RecordResource): ResourceSchemas {
  return SCHEMAS[resource];
}

export const recordResourceSchema = z.enum(RECORD_RESOURCES);

/** A resource named in a URL, or undefined. */
export function findRecordResource(name: string): RecordResource | undefined {
  const parsed = recordResourceSchema.safeParse(name);
  return parsed.success ? parsed.data : undefined;
}
