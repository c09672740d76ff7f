// Shared by the server and the OpenAPI document: what a list request accepts. Pagination is
// by keyset: the cursor carries the last record's sort value and id, so a page is one index
// range, and records written while a client pages neither repeat nor shift the pages after.
import { z } from 'zod';
import { instantString, safeText } from '@/sync/schema/safe-values';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, resourceSchemas, type RecordResource } from './resources';

/** Query parameters every list takes besides the field filters. */
export const LIST_PARAMS = ['limit', 'cursor', 'sort', 'q', 'updatedSince'] as const;

export interface Cursor {
  /** The sort the cursor belongs to (`name`, `-updatedAt`): a cursor is refused under another. */
  sort: string;
  value: unknown;
  id: string;
}

export interface ListQuery {
  limit: number;
  sort: { field: string; descending: boolean; spec: string };
  cursor: Cursor | null;
  q: string | null;
  updatedSince: string | null;
  /** Exact-match filters, by field name, each value already parsed by the field's own schema. */
  filters: Record<string, unknown>;
}

const cursorSchema = z.strictObject({ sort: z.string().max(100), value: z.union([z.string().max(2000), z.number(), z.boolean()]), id: z.uuid() });

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string): Cursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The common parameters' schema (the field filters come from the resource). */
export function listParamsSchema(resource: RecordResource) {
  const { sortable } = resourceSchemas(resource);
  const sorts = sortable.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).meta({ description: `Records per page (at most ${MAX_PAGE_SIZE}).` }),
    cursor: z.string().max(4000).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
    sort: z.enum(sorts).default('-updatedAt').meta({ description: 'A field to sort by; a leading `-` sorts descending.' }),
    q: safeText().trim().min(2).max(200).optional().meta({ description: 'Text search in the record’s names (any case).' }),
    updatedSince: instantString().optional().meta({ description: 'Only records changed at or after this instant (UTC, e.g. 2026-12-01T00:00:00.000Z).' }),
  });
}

/** The filter parameters of a resource: each filterable field, as a query string value. */
export function filterParamsSchema(resource: RecordResource) {
  const { def, filterable } = resourceSchemas(resource);
  const shape: Record<string, z.ZodType> = {};
  for (const field of filterable) {
    const kind = def.fields[field]!.type.kind;
    const base = kind === 'number' ? z.coerce.number() : kind === 'boolean' ? z.enum(['true', 'false']).transform((v) => v === 'true') : z.string().max(2000);
    shape[field] = base.optional().meta({ description: `Only records whose ${field} equals this value.` });
  }
  return z.strictObject(shape);
}

/** Each issue with the parameter it is about; an unknown parameter is named itself. */
function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ path: k, message: 'Not a parameter of this list.' })) : [{ path: i.path.join('.') || 'query', message: i.message }],
  );
}

export class ListQueryError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'ListQueryError';
  }
}

/** Reads a list request's query string; throws ListQueryError naming each bad parameter. */
export function parseListQuery(resource: RecordResource, params: URLSearchParams): ListQuery {
  const { def } = resourceSchemas(resource);
  const all: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in all) throw new ListQueryError([{ path: k, message: 'Give each parameter once.' }]);
    all[k] = v;
  }
  const common: Record<string, string> = {};
  const filters: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) ((LIST_PARAMS as readonly string[]).includes(k) ? common : filters)[k] = v;
  const base = listParamsSchema(resource).safeParse(common);
  const filtered = filterParamsSchema(resource).safeParse(filters);
  const issues = [...(base.success ? [] : issuesOf(base.error)), ...(filtered.success ? [] : issuesOf(filtered.error))];
  // Each filter value must be a value the field can hold (a status that is not one, a bad UUID).
  const values: Record<string, unknown> = {};
  const filterValues = filtered.success ? filtered.data : filterParamsSchema(resource).partial().catchall(z.unknown()).safeParse(filters).data ?? {};
  for (const [field, value] of Object.entries(filterValues)) {
    if (!(field in def.fields)) continue;
    if (value === undefined) continue;
    const checked = def.fields[field]!.zod.safeParse(value);
    if (!checked.success) issues.push({ path: field, message: checked.error.issues[0]?.message ?? 'Not a value this field can hold.' });
    else values[field] = checked.data;
  }
  if (!base.success) throw new ListQueryError(issues);
  const { limit, cursor: rawCursor, sort: spec, q, updatedSince } = base.data;
  const descending = spec.startsWith('-');
  const field = descending ? spec.slice(1) : spec;
  let cursor: Cursor | null = null;
  if (rawCursor !== undefined) {
    cursor = decodeCursor(rawCursor);
    if (!cursor) issues.push({ path: 'cursor', message: 'Not a cursor this API gave out.' });
    else if (cursor.sort !== spec) issues.push({ path: 'cursor', message: `This cursor belongs to sort=${cursor.sort}; keep the sort while paging.` });
    else if (!def.fields[field]!.zod.safeParse(cursor.value).success) issues.push({ path: 'cursor', message: 'Not a cursor this API gave out.' });
  }
  if (issues.length) throw new ListQueryError(issues);
  return { limit, sort: { field, descending, spec }, cursor, q: q ?? null, updatedSince: updatedSince ?? null, filters: values };
}
