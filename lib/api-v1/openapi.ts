// The OpenAPI 3.1 document of API v1, generated from the zod schemas the server validates with
// (resources.ts, list-query.ts, problem.ts): nothing is written by hand, so the document cannot
// say one thing while the code does another. Served at /api/v1/openapi.json; the SDK's types
// are generated from it (sdk/), and the route tests check real answers against it.
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { filterParamsSchema, listParamsSchema } from './list-query';
import { problemSchema } from './problem';
import { componentName, MAX_BULK_ITEMS, RECORD_RESOURCES, resourceSchemas, type RecordResource } from './resources';
import { auditFilterSchema } from '../audit/audit-filter';
import { auditEntrySchema, listRunsQuery, runDetailSchema, runSchema, startRunInput, workflowSchema } from './workflows-audit';

export const API_VERSION = '1.0.0';

const problemContent = { 'application/problem+json': { schema: problemSchema } };
const problems = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description:
          {
            400: 'Malformed request',
            401: 'Missing or invalid API key',
            403: 'The key lacks the scope, the role rules refuse the change, or the address is not allowed',
            404: 'No such record in this organization',
            409: 'A record with this id already exists',
            412: 'If-Match names a version that is no longer current',
            413: 'Body too large',
            415: 'Body is not JSON',
            422: 'Invalid values (each field named in errors)',
            429: 'Over a rate limit (see Retry-After and RateLimit)',
          }[code] ?? 'Error',
        content: problemContent,
      },
    ]),
  );

const etagHeader = z.string().meta({ description: 'The record version, for If-Match.' });
const rateHeaders = z.object({
  RateLimit: z.string().meta({ description: 'IETF RateLimit: the quota closest to running out.' }),
  'RateLimit-Policy': z.string().meta({ description: 'IETF RateLimit-Policy: every quota that applies.' }),
});
const versionHeaders = rateHeaders.extend({ ETag: etagHeader });
const idPath = z.object({ id: z.uuid().meta({ description: 'The record id.' }) });
const ifMatch = z.object({ 'if-match': z.string().optional().meta({ description: 'Write only if the record is still at this ETag (else 412).' }) });
const idempotencyKey = z.object({ 'idempotency-key': z.string().max(255).optional().meta({ description: 'Repeats within 24 hours get the first answer and write nothing.' }) });

function operations(resource: RecordResource): ZodOpenApiPathsObject {
  const { record, create, patch } = resourceSchemas(resource);
  const name = componentName(resource);
  const one = `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name.toLowerCase()}`;
  const list = z.object({ data: z.array(record), nextCursor: z.string().nullable() }).meta({ id: `${name}Page` });
  const bulkResult = z
    .object({
      results: z.array(
        z.object({
          index: z.number().int(),
          id: z.string().nullable(),
          status: z.enum(['created', 'updated', 'unchanged', 'error']),
          etag: z.string().optional(),
          error: problemSchema.optional(),
        }),
      ),
    })
    .meta({ id: `${name}BulkResult` });
  const bulkItem = z.union([create, patch.extend({ id: z.uuid() })]);
  const tags = [resource];
  const security = [{ apiKey: [] }];
  const op = (o: ZodOpenApiOperationObject): ZodOpenApiOperationObject => ({ tags, security, ...o });
  return {
    [`/${resource}`]: {
      get: op({
        operationId: `list${titleCase(resource)}`,
        summary: `List ${resource}`,
        requestParams: { query: listParamsSchema(resource).extend(filterParamsSchema(resource).shape) },
        responses: { '200': { description: 'A page; pass nextCursor as cursor for the next one.', headers: rateHeaders, content: { 'application/json': { schema: list } } }, ...problems(401, 403, 422, 429) },
      }),
      post: op({
        operationId: `create${name}`,
        summary: `Create ${one}`,
        requestParams: { header: idempotencyKey },
        requestBody: { content: { 'application/json': { schema: create } } },
        responses: {
          '201': { description: 'Created', headers: versionHeaders.extend({ Location: z.string() }), content: { 'application/json': { schema: record } } },
          ...problems(400, 401, 403, 409, 413, 415, 422, 429),
        },
      }),
    },
    [`/${resource}/bulk`]: {
      post: op({
        operationId: `bulkUpsert${titleCase(resource)}`,
        summary: `Create or update up to ${MAX_BULK_ITEMS} ${resource}`,
        description: 'Items with the id of an existing record change the fields they give; others are created. Each item is answered on its own.',
        requestParams: { header: idempotencyKey },
        requestBody: { content: { 'application/json': { schema: z.object({ items: z.array(bulkItem).min(1).max(MAX_BULK_ITEMS) }) } } },
        responses: { '200': { description: 'One result per item, in order', headers: rateHeaders, content: { 'application/json': { schema: bulkResult } } }, ...problems(400, 401, 403, 413, 415, 422, 429) },
      }),
    },
    [`/${resource}/{id}`]: {
      get: op({
        operationId: `get${name}`,
        summary: `Get ${one}`,
        requestParams: { path: idPath },
        responses: { '200': { description: 'The record', headers: versionHeaders, content: { 'application/json': { schema: record } } }, '304': { description: 'Not modified (If-None-Match)' }, ...problems(401, 403, 404, 429) },
      }),
      patch: op({
        operationId: `update${name}`,
        summary: `Change fields of ${one}`,
        requestParams: { path: idPath, header: ifMatch },
        requestBody: { content: { 'application/json': { schema: patch } } },
        responses: { '200': { description: 'The record as it is now', headers: versionHeaders, content: { 'application/json': { schema: record } } }, ...problems(400, 401, 403, 404, 412, 413, 415, 422, 429) },
      }),
      delete: op({
        operationId: `delete${name}`,
        summary: `Delete ${one}`,
        requestParams: { path: idPath, header: ifMatch },
        responses: { '204': { description: 'Deleted' }, ...problems(401, 403, 404, 412, 429) },
      }),
    },
  };
}

/** The workflows (list, runs, a manual run) and the audit log. */
function workflowAndAuditOperations(): ZodOpenApiPathsObject {
  const security = [{ apiKey: [] }];
  const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
  const workflowId = z.object({ id: z.uuid().meta({ description: 'The workflow id.' }) });
  return {
    '/workflows': {
      get: {
        tags: ['workflows'],
        security,
        operationId: 'listWorkflows',
        summary: 'List workflows',
        responses: { '200': { description: 'Every workflow of the organization', headers: rateHeaders, content: json(z.object({ data: z.array(workflowSchema) })) }, ...problems(401, 403, 429) },
      },
    },
    '/workflows/{id}/runs': {
      get: {
        tags: ['workflows'],
        security,
        operationId: 'listWorkflowRuns',
        summary: 'List the runs of a workflow',
        requestParams: { path: workflowId, query: listRunsQuery },
        responses: { '200': { description: 'Runs, newest first; pass the last id as before for older ones', headers: rateHeaders, content: json(z.object({ data: z.array(runSchema) })) }, ...problems(401, 403, 404, 422, 429) },
      },
      post: {
        tags: ['workflows'],
        security,
        operationId: 'startWorkflowRun',
        summary: 'Start a manual run',
        description: 'Runs the published version. With an Idempotency-Key, a repeat answers with the run the first request started.',
        requestParams: { path: workflowId, header: idempotencyKey },
        requestBody: { content: json(startRunInput) },
        responses: { '201': { description: 'Started', headers: rateHeaders, content: json(z.object({ runId: z.uuid() })) }, ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429) },
      },
    },
    '/workflows/runs/{runId}': {
      get: {
        tags: ['workflows'],
        security,
        operationId: 'getWorkflowRun',
        summary: 'Get a run with its steps',
        requestParams: { path: z.object({ runId: z.uuid() }) },
        responses: { '200': { description: 'The run', headers: rateHeaders, content: json(runDetailSchema) }, ...problems(401, 403, 404, 429) },
      },
    },
    '/audit': {
      get: {
        tags: ['audit'],
        security,
        operationId: 'listAuditEntries',
        summary: 'Read the audit log',
        description: 'Newest first. Pass nextBeforeSeq as beforeSeq for the page before.',
        requestParams: { query: auditFilterSchema },
        responses: {
          '200': { description: 'Entries', headers: rateHeaders, content: json(z.object({ data: z.array(auditEntrySchema), nextBeforeSeq: z.number().int().nullable() })) },
          ...problems(401, 403, 422, 429),
        },
      },
    },
  };
}

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

let built: ReturnType<typeof createDocument> | undefined;

/** The document (built once per process: the schemas do not change while it runs). */
export function openApiDocument(): ReturnType<typeof createDocument> {
  built ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'CRM-AI API',
      version: API_VERSION,
      description:
        'Records of one organization (companies, contacts, deals, activities, pipelines), its workflows and its audit log. Authenticate with an API key (`Authorization: Bearer <key>`), made by an owner or admin. Errors are RFC 9457 problem details. Every write goes through the same rules, audit log, change log and live sync as the phones.',
    },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of the organization.' } } },
    paths: Object.assign({}, ...RECORD_RESOURCES.map(operations), workflowAndAuditOperations()),
  });
  return built;
}
