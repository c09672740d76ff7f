import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { SessionContext } from '../auth/session-context';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { applyChanges, type RecordChange } from '../records/apply-changes';
import { refusalOf } from '../records/record-rules';
import { docJsonSql, lockRecords } from '../records/record-sql';
import { searchedColumns } from '../records/search-records';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { assertIfMatch, etagOf } from './etag';
import { encodeCursor, type ListQuery } from './list-query';
import { problem, type Problem } from './problem';
import { resourceSchemas, type RecordResource } from './resources';

/** A record as API v1 returns it: the wire document without its tombstone flag. */
export type ApiRecord = Record<string, unknown> & { id: string };

export function toApiRecord(doc: AnyWireDoc): ApiRecord {
  const { _deleted: _gone, ...record } = doc;
  return record as ApiRecord;
}

function issuesOf(error: z.ZodError, prefix = ''): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: `${prefix}${i.path.join('.')}` || 'body', message: i.message }));
}

function invalid(what: string, error: z.ZodError, prefix = ''): AppError {
  const issues = issuesOf(error, prefix);
  return new AppError(ErrorCode.Validation, `The ${what} has invalid values: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

const notFound = (def: CollectionDef, id: string) => new AppError(ErrorCode.NotFound, `No ${def.name} record ${id} in this organization.`);

/** The SQL type cast of a field's value in a parameter. */
function castOf(def: CollectionDef, field: string): string {
  return def.sqlColumns[def.fieldNames.indexOf(field)]!.type;
}

/**
 * One page of a resource's live records. Tenant isolation: read in the caller's tenant
 * transaction (row-level security), so no filter, search or cursor reaches another tenant.
 */
export async function listRecords(ctx: SessionContext, resource: RecordResource, query: ListQuery, db?: Database): Promise<{ data: ApiRecord[]; nextCursor: string | null }> {
  const { def } = resourceSchemas(resource);
  const params: unknown[] = [ctx.tenantId];
  const param = (v: unknown, cast: string) => {
    params.push(v);
    return `$${params.length}::${cast}`;
  };
  const where = ['tenant_id = $1', 'NOT deleted'];
  for (const [field, value] of Object.entries(query.filters)) where.push(`${def.columnOf[field]} = ${param(value, castOf(def, field))}`);
  if (query.updatedSince) where.push(`updated_at >= ${param(query.updatedSince, 'timestamptz')}`);
  if (query.q) {
    // LIKE's own wildcards in the query are searched for as characters.
    const pattern = param(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, 'text');
    where.push(`(${searchedColumns(def).map((c) => `${c} ILIKE ${pattern}`).join(' OR ')})`);
  }
  const column = def.columnOf[query.sort.field]!;
  const dir = query.sort.descending ? 'DESC' : 'ASC';
  if (query.cursor) {
    const op = query.sort.descending ? '<' : '>';
    where.push(`(${column}, id) ${op} (${param(query.cursor.value, castOf(def, query.sort.field))}, ${param(query.cursor.id, 'uuid')})`);
  }
  const limit = param(query.limit + 1, 'int');
  const rows = await withTenant(
    ctx.tenantId,
    async (tx) => (await tx.query<{ doc: string }>(`SELECT ${docJsonSql(def)}::text AS doc FROM ${def.table} WHERE ${where.join(' AND ')} ORDER BY ${column} ${dir}, id ${dir} LIMIT ${limit}`, params)).rows,
    db,
  );
  const docs = rows.slice(0, query.limit).map((r) => toApiRecord(JSON.parse(r.doc) as AnyWireDoc));
  const last = docs.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ sort: query.sort.spec, value: last[query.sort.field], id: last.id }) : null;
  return { data: docs, nextCursor };
}

/** One live record by id; 404 for a deleted one, a made-up id and another tenant's alike. */
export async function getRecord(ctx: SessionContext, resource: RecordResource, id: string, db?: Database): Promise<ApiRecord> {
  const { def } = resourceSchemas(resource);
  const doc = await withTenant(
    ctx.tenantId,
    async (tx) => (await tx.query<{ doc: string }>(`SELECT ${docJsonSql(def)}::text AS doc FROM ${def.table} WHERE tenant_id = $1 AND id = $2 AND NOT deleted`, [ctx.tenantId, id])).rows[0],
    db,
  );
  if (!doc) throw notFound(def, id);
  return toApiRecord(JSON.parse(doc.doc) as AnyWireDoc);
}

/** Now as the documents spell instants (UTC, milliseconds, Z). */
const nowInstant = () => new Date().toISOString();

/** A new record's document from a create body already validated by the create schema. */
function newDocument(ctx: SessionContext, resource: RecordResource, body: Record<string, unknown>): AnyWireDoc {
  const { def, defaults } = resourceSchemas(resource);
  const at = nowInstant();
  const doc: AnyWireDoc = { id: (body.id as string | undefined) ?? uuidv7(), _deleted: false };
  for (const field of def.fieldNames) {
    if (field === 'id') continue;
    doc[field] = field === 'createdAt' || field === 'updatedAt' ? at : body[field] !== undefined ? body[field] : (defaults[field] ?? null);
  }
  // An owned record nobody was named for belongs to the person the key acts for, as on a phone.
  if (def.ownerField && body[def.ownerField] === undefined) doc[def.ownerField] = ctx.userId;
  return doc;
}

/** The rules the phone's push goes through (record-rules.ts), as a 403 naming why. */
function assertAllowed(ctx: SessionContext, def: CollectionDef, before: AnyWireDoc | null, after: AnyWireDoc): void {
  const refusal = refusalOf(ctx, def, before, after);
  if (refusal) throw new AppError(ErrorCode.Forbidden, refusal);
}

/** A document the wire schema accepts, or 422: the collection's own validator has the last word. */
function checkedDocument(def: CollectionDef, doc: AnyWireDoc, prefix = ''): AnyWireDoc {
  const parsed = def.wireSchema.safeParse(doc);
  if (!parsed.success) throw invalid(`${def.name} record`, parsed.error, prefix);
  return parsed.data as AnyWireDoc;
}

/**
 * `before` with the PATCH fields applied and a new updatedAt, checked by the collection's
 * schema; `changed` is false when no field but updatedAt differs (then nothing is written).
 */
function patched(def: CollectionDef, before: AnyWireDoc, fields: Record<string, unknown>, prefix = ''): { after: AnyWireDoc; changed: boolean } {
  const after = checkedDocument(def, { ...before, ...fields, updatedAt: nowInstant() }, prefix);
  const changed = def.fieldNames.some((f) => f !== 'updatedAt' && JSON.stringify(before[f]) !== JSON.stringify(after[f]));
  return { after, changed };
}

export interface WriteResult {
  record: ApiRecord;
  etag: string;
}

/**
 * Creates a record through the one write path (applyChanges: rules, change log, audit entry,
 * live stream, workflow triggers), in `tx`, the caller's tenant transaction. An id that is
 * already taken (live or deleted) is a 409: creating never overwrites.
 */
export async function createRecordIn(tx: Queryable, ctx: SessionContext, resource: RecordResource, body: unknown): Promise<WriteResult> {
  const { def, create } = resourceSchemas(resource);
  const parsed = create.safeParse(body);
  if (!parsed.success) throw invalid(`${def.name} record`, parsed.error);
  const doc = checkedDocument(def, newDocument(ctx, resource, parsed.data));
  const existing = await lockRecords(tx, def, ctx.tenantId, [doc.id]);
  if (existing.has(doc.id)) throw new AppError(ErrorCode.Conflict, `A ${def.name} record with id ${doc.id} already exists.`);
  assertAllowed(ctx, def, null, doc);
  await applyChanges(tx, ctx, def, [{ before: null, after: doc }], { source: 'api' });
  const record = toApiRecord(doc);
  return { record, etag: etagOf(record) };
}

/** Changes the given fields of a live record; `ifMatch` is the request's If-Match header. */
export async function patchRecord(ctx: SessionContext, resource: RecordResource, id: string, body: unknown, ifMatch: string | null, db?: Database): Promise<WriteResult> {
  const { def, patch } = resourceSchemas(resource);
  const parsed = patch.safeParse(body);
  if (!parsed.success) throw invalid(`${def.name} change`, parsed.error);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const before = (await lockRecords(tx, def, ctx.tenantId, [id])).get(id);
      if (!before || before._deleted) throw notFound(def, id);
      assertIfMatch(ifMatch, toApiRecord(before));
      const { after, changed } = patched(def, before, parsed.data);
      // Nothing changed: no write, no audit entry, the current version returned.
      const result = changed ? after : before;
      if (changed) {
        assertAllowed(ctx, def, before, after);
        await applyChanges(tx, ctx, def, [{ before, after }], { source: 'api' });
      }
      const record = toApiRecord(result);
      return { record, etag: etagOf(record) };
    },
    db,
  );
}

/** Deletes a live record (a tombstone the phones sync as a removal); `ifMatch` as for PATCH. */
export async function deleteRecord(ctx: SessionContext, resource: RecordResource, id: string, ifMatch: string | null, db?: Database): Promise<void> {
  const { def } = resourceSchemas(resource);
  await withTenant(
    ctx.tenantId,
    async (tx) => {
      const before = (await lockRecords(tx, def, ctx.tenantId, [id])).get(id);
      if (!before || before._deleted) throw notFound(def, id);
      assertIfMatch(ifMatch, toApiRecord(before));
      const after: AnyWireDoc = { ...before, _deleted: true, updatedAt: nowInstant() };
      assertAllowed(ctx, def, before, after);
      await applyChanges(tx, ctx, def, [{ before, after }], { source: 'api' });
    },
    db,
  );
}

export type BulkItemResult =
  | { index: number; id: string; status: 'created' | 'updated' | 'unchanged'; etag: string }
  | { index: number; id: string | null; status: 'error'; error: Problem };

/**
 * Bulk upsert, in `tx`: each item with an `id` of a live record changes the fields it gives
 * (as PATCH); any other item creates a record (as POST). Every item is checked on its own and
 * answered on its own; the ones that pass are written together, in one call of the write path.
 */
export async function bulkUpsertIn(tx: Queryable, ctx: SessionContext, resource: RecordResource, items: readonly unknown[]): Promise<BulkItemResult[]> {
  const { def, create, patch } = resourceSchemas(resource);
  const idOf = (item: unknown) => (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null);
  const ids = items.map(idOf);
  const seen = new Set<string>();
  const wellFormedIds = ids.filter((id): id is string => id !== null && resourceSchemas(resource).record.shape.id!.safeParse(id).success);
  const current = await lockRecords(tx, def, ctx.tenantId, [...new Set(wellFormedIds)]);
  const results: BulkItemResult[] = [];
  const changes: RecordChange[] = [];
  const fail = (index: number, id: string | null, err: AppError): BulkItemResult => ({ index, id, status: 'error', error: problem(err.code, err.status, err.message, err.issues) });
  items.forEach((item, index) => {
    const id = ids[index] ?? null;
    try {
      if (id !== null && seen.has(id)) throw new AppError(ErrorCode.Validation, `Record ${id} appears twice in one request.`, [{ path: `items.${index}.id`, message: 'Duplicate id.' }]);
      if (id !== null) seen.add(id);
      const before = id !== null ? current.get(id) : undefined;
      if (before && !before._deleted) {
        const { id: _same, ...fields } = (item ?? {}) as Record<string, unknown>;
        const parsed = patch.safeParse(fields);
        if (!parsed.success) throw invalid(`${def.name} change`, parsed.error, `items.${index}.`);
        const { after, changed } = patched(def, before, parsed.data, `items.${index}.`);
        if (changed) {
          assertAllowed(ctx, def, before, after);
          changes.push({ before, after });
        }
        const record = toApiRecord(changed ? after : before);
        results.push({ index, id: record.id, status: changed ? 'updated' : 'unchanged', etag: etagOf(record) });
        return;
      }
      if (before?._deleted) throw new AppError(ErrorCode.Conflict, `${def.name} record ${id} was deleted; create it with a new id.`);
      const parsed = create.safeParse(item);
      if (!parsed.success) throw invalid(`${def.name} record`, parsed.error, `items.${index}.`);
      const doc = checkedDocument(def, newDocument(ctx, resource, parsed.data), `items.${index}.`);
      assertAllowed(ctx, def, null, doc);
      changes.push({ before: null, after: doc });
      const record = toApiRecord(doc);
      results.push({ index, id: record.id, status: 'created', etag: etagOf(record) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push(fail(index, id, err));
    }
  });
  await applyChanges(tx, ctx, def, changes, { source: 'api' });
  return results;
}
