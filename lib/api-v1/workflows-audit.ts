import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { listAuditEntries } from '../audit/audit-service';
import { parseAuditParams } from '../audit/audit-filter-params';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { parseJson, readJsonText } from '../http/read-json';
import { listWorkflows } from '../workflows/manage-workflows';
import { parseId, searchParams } from '../workflows/route-params';
import { getRun, listRuns, listRunsQuery, RUN_STATUSES } from '../workflows/run-history';
import { startRun, startRunInput } from '../workflows/start-run';
import { getWorkflowEngine } from '../workflows/start-workers';
import { idempotencyKeyOf } from './idempotency';
import { withApiKey } from './with-api-key';

// API v1's workflows (list, start a manual run, read runs) and audit log (read), over the same
// services the admin screens use. The answers' shapes are zod schemas here, so the OpenAPI
// document (openapi.ts) describes exactly what these handlers send.

const instant = z.string().meta({ description: 'An instant (ISO 8601, UTC).' });

export const workflowSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    enabled: z.boolean(),
    publishedVersion: z.number().int().nullable(),
    trigger: z.string().meta({ description: 'The trigger type of the draft: record, schedule, webhook or manual.' }),
    updatedAt: instant,
    archivedAt: instant.nullable(),
  })
  .meta({ id: 'Workflow' });

export const runSchema = z
  .object({
    id: z.uuid(),
    workflowId: z.uuid(),
    version: z.number().int(),
    status: z.enum(RUN_STATUSES),
    triggerType: z.string(),
    recordId: z.string().nullable(),
    currentStep: z.string().nullable(),
    attempt: z.number().int(),
    error: z.string().nullable(),
    createdAt: instant,
    startedAt: instant.nullable(),
    finishedAt: instant.nullable(),
    wakeAt: instant.nullable(),
  })
  .meta({ id: 'WorkflowRun' });

export const runDetailSchema = runSchema
  .extend({
    trigger: z.unknown().meta({ description: 'What started the run (the record, the input).' }),
    steps: z.array(
      z.object({
        seq: z.number().int(),
        stepId: z.string(),
        stepType: z.string(),
        attempt: z.number().int(),
        status: z.string(),
        input: z.unknown(),
        output: z.unknown(),
        decision: z.string().nullable(),
        error: z.string().nullable(),
        startedAt: instant,
        finishedAt: instant,
      }),
    ),
  })
  .meta({ id: 'WorkflowRunDetail' });

export const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    occurredAt: instant,
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    data: z.unknown(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export { listRunsQuery, startRunInput };

function invalidQuery(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.join('.') || 'query', message: i.message }));
  return new AppError(ErrorCode.Validation, `Invalid query: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

export function listWorkflowsHandler(req: Request): Promise<Response> {
  return withApiKey(req, { resource: 'workflows', access: 'read' }, async ({ ctx }) => {
    const data = (await listWorkflows(ctx)).map((w) => ({
      id: w.id,
      name: w.name,
      enabled: w.enabled,
      publishedVersion: w.publishedVersion,
      trigger: w.draft.trigger.type,
      updatedAt: new Date(w.updatedAt).toISOString(),
      archivedAt: w.archivedAt === null ? null : new Date(w.archivedAt).toISOString(),
    }));
    return Response.json({ data });
  });
}

export function listRunsHandler(req: Request, workflowId: string): Promise<Response> {
  return withApiKey(req, { resource: 'workflows', access: 'read' }, async ({ ctx }) => {
    const query = listRunsQuery.strict().safeParse(searchParams(req));
    if (!query.success) throw invalidQuery(query.error);
    return Response.json({ data: await listRuns(ctx, parseId(workflowId, 'workflow'), query.data) });
  });
}

/**
 * Starts a manual run of the published version. With an Idempotency-Key the run's trigger key
 * is derived from it, so a repeat finds the run the first request started (the workflow engine's
 * own once-per-trigger rule) and answers with it again.
 */
export function startRunHandler(req: Request, workflowId: string): Promise<Response> {
  return withApiKey(req, { resource: 'workflows', access: 'write' }, async ({ ctx }) => {
    const id = parseId(workflowId, 'workflow');
    const input = parseJson(await readJsonText(req, 128_000), startRunInput.strict());
    const key = idempotencyKeyOf(req);
    const triggerKey = key === null ? undefined : `api:${ctx.apiKeyId}:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
    try {
      const runId = await startRun(await getWorkflowEngine(), ctx, id, input, triggerKey);
      return Response.json({ runId }, { status: 201 });
    } catch (err) {
      if (!(triggerKey && err instanceof AppError && err.code === ErrorCode.Conflict)) throw err;
      const earlier = await withTenant(ctx.tenantId, async (tx) =>
        (await tx.query<{ id: string }>('SELECT id FROM workflow_runs WHERE tenant_id = $1 AND workflow_id = $2 AND trigger_key = $3', [ctx.tenantId, id, triggerKey])).rows[0],
      );
      if (!earlier) throw err;
      return Response.json({ runId: earlier.id }, { status: 201, headers: { 'Idempotent-Replayed': 'true' } });
    }
  });
}

export function getRunHandler(req: Request, runId: string): Promise<Response> {
  return withApiKey(req, { resource: 'workflows', access: 'read' }, async ({ ctx }) => Response.json(await getRun(ctx, parseId(runId, 'run'))));
}

/** The audit log, newest first; `nextBeforeSeq` pages back (pass it as beforeSeq). */
export function auditHandler(req: Request): Promise<Response> {
  return withApiKey(req, { resource: 'audit', access: 'read' }, async ({ ctx }) => {
    const filter = parseAuditParams(new URL(req.url).searchParams);
    if (!filter.success) throw invalidQuery(filter.error);
    const data = await listAuditEntries(ctx, filter.data);
    const last = data.at(-1);
    return Response.json({ data, nextBeforeSeq: data.length === filter.data.limit && last ? last.seq : null });
  });
}
