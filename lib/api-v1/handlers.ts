import 'server-only';
import { z } from 'zod';
import type { Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { DEFAULT_MAX_BODY_BYTES, parseJson, readJsonText } from '../http/read-json';
import { idempotencyKeyOf, onceForKey, type StoredAnswer } from './idempotency';
import { ListQueryError, parseListQuery } from './list-query';
import { bulkUpsertIn, createRecordIn, deleteRecord, getRecord, listRecords, patchRecord } from './records-api';
import { findRecordResource, MAX_BULK_ITEMS, type RecordResource } from './resources';
import { etagOf } from './etag';
import { problemResponse } from './problem';
import { withApiKey, type ApiRequest } from './with-api-key';

// The handlers of API v1's record routes (app/api/v1/[resource]/...), kept here so each route
// file is one line per method and the SDK tests can call the same code the server runs.

/** API v1 handlers that read a request body, here and in workflows-audit.ts (the body fuzz test finds route files by these names). */
export const BODY_READING_HANDLERS = ['createHandler', 'patchHandler', 'bulkHandler', 'startRunHandler'] as const;

/** Bulk bodies carry up to 1,000 records: 8 MB (a record's longest text field is 20,000 characters). */
export const MAX_BULK_BODY_BYTES = 8_000_000;

const idSchema = z.uuid();

function recordId(def: { name: string }, id: string): string {
  // Same answer as an id that does not exist: the shape of an id leaks nothing.
  if (!idSchema.safeParse(id).success) throw new AppError(ErrorCode.NotFound, `No ${def.name} record ${id} in this organization.`);
  return id;
}

/** Runs `fn` for a resource from the URL; an unknown one is a 404 problem, as for any unknown path. */
async function forResource(req: Request, name: string, access: 'read' | 'write', fn: (r: ApiRequest, resource: RecordResource) => Promise<Response>): Promise<Response> {
  const resource = findRecordResource(name);
  if (!resource) return problemResponse(new AppError(ErrorCode.NotFound, `No such resource: ${name}.`));
  return withApiKey(req, { resource, access }, (r) => fn(r, resource));
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

/** A POST's answer, once per Idempotency-Key: a repeat gets the stored answer, marked as a replay. */
async function idempotentPost(req: Request, r: ApiRequest, text: string, write: (tx: Queryable) => Promise<StoredAnswer>): Promise<Response> {
  const key = idempotencyKeyOf(req);
  const answer = await withTenant(r.ctx.tenantId, async (tx) => {
    if (key === null) return { ...(await write(tx)), replayed: false };
    const request = `${req.method} ${new URL(req.url).pathname}\n${text}`;
    return onceForKey(tx, { tenantId: r.ctx.tenantId, apiKeyId: r.ctx.apiKeyId, key, request }, () => write(tx));
  });
  return json(answer.body, answer.status, { ...answer.headers, ...(answer.replayed ? { 'Idempotent-Replayed': 'true' } : {}) });
}

export function listHandler(req: Request, name: string): Promise<Response> {
  return forResource(req, name, 'read', async ({ ctx }, resource) => {
    let query;
    try {
      query = parseListQuery(resource, new URL(req.url).searchParams);
    } catch (err) {
      if (err instanceof ListQueryError) throw new AppError(ErrorCode.Validation, `Invalid query: ${err.message}`, err.issues);
      throw err;
    }
    return json(await listRecords(ctx, resource, query));
  });
}

export function createHandler(req: Request, name: string): Promise<Response> {
  return forResource(req, name, 'write', async (r, resource) => {
    const text = await readJsonText(req, DEFAULT_MAX_BODY_BYTES);
    const body = parseJson(text, z.unknown());
    return idempotentPost(req, r, text, async (tx) => {
      const { record, etag } = await createRecordIn(tx, r.ctx, resource, body);
      return { status: 201, body: record, headers: { ETag: etag, Location: `/api/v1/${resource}/${record.id}` } };
    });
  });
}

export function getHandler(req: Request, name: string, id: string): Promise<Response> {
  return forResource(req, name, 'read', async ({ ctx }, resource) => {
    const record = await getRecord(ctx, resource, recordId({ name: resource }, id));
    const etag = etagOf(record);
    if (req.headers.get('if-none-match')?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return new Response(null, { status: 304, headers: { ETag: etag } });
    return json(record, 200, { ETag: etag });
  });
}

export function patchHandler(req: Request, name: string, id: string): Promise<Response> {
  return forResource(req, name, 'write', async ({ ctx }, resource) => {
    const key = recordId({ name: resource }, id);
    const body = parseJson(await readJsonText(req, DEFAULT_MAX_BODY_BYTES), z.unknown());
    const { record, etag } = await patchRecord(ctx, resource, key, body, req.headers.get('if-match'));
    return json(record, 200, { ETag: etag });
  });
}

export function deleteHandler(req: Request, name: string, id: string): Promise<Response> {
  return forResource(req, name, 'write', async ({ ctx }, resource) => {
    await deleteRecord(ctx, resource, recordId({ name: resource }, id), req.headers.get('if-match'));
    return new Response(null, { status: 204 });
  });
}

export const bulkBodySchema = z.strictObject({ items: z.array(z.unknown()).min(1).max(MAX_BULK_ITEMS) });

export function bulkHandler(req: Request, name: string): Promise<Response> {
  return forResource(req, name, 'write', async (r, resource) => {
    const text = await readJsonText(req, MAX_BULK_BODY_BYTES);
    const { items } = parseJson(text, bulkBodySchema);
    return idempotentPost(req, r, text, async (tx) => ({ status: 200, body: { results: await bulkUpsertIn(tx, r.ctx, resource, items) }, headers: {} }));
  });
}
