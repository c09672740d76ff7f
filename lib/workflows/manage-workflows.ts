import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { INT32_MAX, safeText } from '@/sync/schema/safe-values';
import { appendAudit } from '../audit/append-audit';
import type { SessionContext } from '../auth/session-context';
import { encryptSecret } from '../crypto/secret-box';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { emptyDefinition, workflowDefinitionSchema, type WorkflowDefinition } from './definition';
import { scheduleProblem } from './schedule-triggers';
import { recordCollection, validateDefinition, type DefinitionIssue } from './validate-definition';
import { obviousTargetProblem, webhookAddressPolicy } from './webhook-delivery';

export const createWorkflowInput = z.object({
  name: safeText().trim().min(1, 'a workflow needs a name').max(120),
  definition: workflowDefinitionSchema.optional(),
});
export type CreateWorkflowInput = z.infer<typeof createWorkflowInput>;

/** A draft may be incomplete while it is edited, but it must have the definition's shape. */
export const saveDraftInput = z.object({
  name: safeText().trim().min(1, 'a workflow needs a name').max(120).optional(),
  definition: workflowDefinitionSchema,
  /** The revision the editor started from; a stale one is refused (two tabs editing). */
  revision: z.number().int().min(0).max(INT32_MAX), // the draft_revision column is an integer
});
export type SaveDraftInput = z.infer<typeof saveDraftInput>;

export const createSecretInput = z.object({
  name: safeText().trim().min(1, 'a secret needs a name').max(120),
  value: safeText().min(16, 'use at least 16 characters').max(512),
});

export interface WorkflowSummary {
  id: string;
  name: string;
  ownerId: string;
  draft: WorkflowDefinition;
  draftRevision: number;
  publishedVersion: number | null;
  enabled: boolean;
  updatedAt: string;
  issues: DefinitionIssue[];
  /** Incoming-webhook triggers: whether a signing secret exists (its value is shown once). */
  hookSecretSet: boolean;
  /** Archived: off, out of the list, history kept (null: not archived). */
  archivedAt: string | null;
}

type WorkflowRow = {
  id: string;
  name: string;
  owner_id: string;
  draft: WorkflowDefinition;
  draft_revision: number;
  published_version: number | null;
  enabled: boolean;
  updated_at: string;
  hook_secret_set: boolean;
  archived_at: string | null;
};

function summary(row: WorkflowRow): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    ownerId: row.owner_id,
    draft: row.draft,
    draftRevision: row.draft_revision,
    publishedVersion: row.published_version,
    enabled: row.enabled,
    updatedAt: row.updated_at,
    issues: validateDefinition(row.draft).issues,
    hookSecretSet: row.hook_secret_set,
    archivedAt: row.archived_at,
  };
}

const COLUMNS = 'id, name, owner_id, draft, draft_revision, published_version, enabled, updated_at, webhook_secret_sealed IS NOT NULL AS hook_secret_set, archived_at';

/** Creates a workflow with a draft (empty unless given); the caller becomes its owner. */
export async function createWorkflow(ctx: SessionContext, input: CreateWorkflowInput, db?: Database): Promise<WorkflowSummary> {
  const id = uuidv7();
  const row = await withTenant(
    ctx.tenantId,
    async (tx) =>
      (await tx.query<WorkflowRow>(
        `INSERT INTO workflows (tenant_id, id, name, owner_id, draft) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [ctx.tenantId, id, input.name, ctx.userId, input.definition ?? emptyDefinition()],
      )).rows[0] as WorkflowRow,
    db,
  );
  return summary(row);
}

/** The tenant's workflows, newest first. */
export async function listWorkflows(ctx: SessionContext, db?: Database): Promise<WorkflowSummary[]> {
  return withTenant(ctx.tenantId, async (tx) => (await tx.query<WorkflowRow>(`SELECT ${COLUMNS} FROM workflows ORDER BY created_at DESC, id`)).rows.map(summary), db);
}

/** One workflow; 404 when it does not exist in this tenant (RLS hides other tenants'). */
export async function getWorkflow(ctx: SessionContext, id: string, db?: Database): Promise<WorkflowSummary> {
  const row = await withTenant(ctx.tenantId, async (tx) => (await tx.query<WorkflowRow>(`SELECT ${COLUMNS} FROM workflows WHERE id = $1`, [id])).rows[0], db);
  if (!row) throw new AppError(ErrorCode.NotFound, 'No such workflow');
  return summary(row);
}

/** Autosave: replaces the draft if nobody saved since `revision`; returns the new revision and live issues. */
export async function saveDraft(ctx: SessionContext, id: string, input: SaveDraftInput, db?: Database): Promise<WorkflowSummary> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const r = await tx.query<WorkflowRow>(
        `UPDATE workflows SET draft = $2, name = coalesce($3, name), draft_revision = draft_revision + 1, updated_at = now()
         WHERE id = $1 AND draft_revision = $4 RETURNING ${COLUMNS}`,
        [id, input.definition, input.name ?? null, input.revision],
      );
      if (r.rows[0]) return summary(r.rows[0]);
      const exists = await tx.query('SELECT 1 FROM workflows WHERE id = $1', [id]);
      if (!exists.rows[0]) throw new AppError(ErrorCode.NotFound, 'No such workflow');
      throw new AppError(ErrorCode.Conflict, 'This workflow was changed elsewhere since you opened it; reload to see the latest draft');
    },
    db,
  );
}

/**
 * Publishes the draft as a new immutable version. Refused (422, every issue listed) when the
 * draft does not validate. Runs already started keep the version they started on.
 */
export async function publishWorkflow(ctx: SessionContext, id: string, db?: Database): Promise<{ version: number }> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const w = await tx.query<{ draft: unknown }>('SELECT draft FROM workflows WHERE id = $1 FOR UPDATE', [id]);
      if (!w.rows[0]) throw new AppError(ErrorCode.NotFound, 'No such workflow');
      const result = validateDefinition(w.rows[0].draft);
      const issues = result.issues.map((i) => ({ path: i.stepId ?? i.path, message: i.message }));
      // The cron grammar and timezone list are server-side (the builder only checks the shape).
      const t = result.definition?.trigger;
      const scheduleIssue = t?.type === 'schedule' ? scheduleProblem(t.cron, t.timezone) : null;
      if (scheduleIssue) issues.push({ path: 'trigger.cron', message: `Trigger: ${scheduleIssue}` });
      // Security: a webhook URL that is an internal IP literal (or localhost) can never be
      // delivered: say so now, naming the field. Delivery checks every resolved address anyway.
      const allow = webhookAddressPolicy();
      result.definition?.steps.forEach((step, i) => {
        const problem = step.type === 'webhook' ? obviousTargetProblem(step.url, allow) : null;
        if (problem) issues.push({ path: `steps.${i}.url`, message: `Step "${step.name}" (${step.id}): url: ${problem}` });
      });
      if (!result.ok || issues.length > 0) {
        throw new AppError(ErrorCode.Validation, 'The draft has problems to fix before it can be published', issues);
      }
      const def = result.definition;
      const v = await tx.query<{ version: number }>(
        `INSERT INTO workflow_versions (tenant_id, workflow_id, version, definition, trigger_type, trigger_collection, published_by)
         SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6 FROM workflow_versions WHERE workflow_id = $2
         RETURNING version`,
        [ctx.tenantId, id, def, def.trigger.type, def.trigger.type === 'record' ? def.trigger.collection : recordCollection(def) ?? null, ctx.userId],
      );
      const version = (v.rows[0] as { version: number }).version;
      await tx.query('UPDATE workflows SET published_version = $2, updated_at = now() WHERE id = $1', [id, version]);
      return { version };
    },
    db,
  );
}

/** A workflow's name, switch and archive state, locked for the rest of `tx`; 404 when the tenant has no such workflow. */
async function lockSwitchState(tx: Queryable, id: string): Promise<{ name: string; enabled: boolean; archived: boolean }> {
  const row = (await tx.query<{ enabled: boolean; name: string; archived: boolean }>('SELECT enabled, name, archived_at IS NOT NULL AS archived FROM workflows WHERE id = $1 FOR UPDATE', [id])).rows[0];
  if (!row) throw new AppError(ErrorCode.NotFound, 'No such workflow');
  return row;
}

/** The audit entry of a change an admin made to workflow `id` (switched, archived). */
function auditWorkflow(tx: Queryable, ctx: SessionContext, id: string, action: 'workflow.switch' | 'workflow.archive', data: Record<string, unknown>) {
  return appendAudit(tx, { tenantId: ctx.tenantId, actorId: ctx.userId, action, targetType: 'workflow', targetId: id, data, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null, requestId: ctx.requestId ?? null });
}

export const setEnabledInput = z.strictObject({ enabled: z.boolean({ error: 'enabled: send true (on) or false (off).' }) });

/**
 * Turns a workflow on or off, audited. Off: no new runs start (record changes, schedules,
 * webhooks and manual runs are refused); runs already started go on to their end, and can be
 * cancelled one by one in the run history.
 */
export async function setWorkflowEnabled(ctx: SessionContext, id: string, enabled: boolean, db?: Database): Promise<{ enabled: boolean }> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const current = await lockSwitchState(tx, id);
      if (current.enabled === enabled) return { enabled };
      if (enabled && current.archived) throw new AppError(ErrorCode.Conflict, 'This workflow is archived: restore it before switching it on.');
      await tx.query('UPDATE workflows SET enabled = $2, updated_at = now() WHERE id = $1', [id, enabled]);
      await auditWorkflow(tx, ctx, id, 'workflow.switch', { name: current.name, before: current.enabled ? 'on' : 'off', after: enabled ? 'on' : 'off' });
      return { enabled };
    },
    db,
  );
}

export const setArchivedInput = z.strictObject({ archived: z.boolean({ error: 'archived: send true (archive) or false (restore).' }) });

/**
 * Archives a workflow (off, and out of the list; its versions and run history are kept) or
 * restores it (back in the list, still off: switching on is a separate, deliberate step).
 * Audited as workflow.archive; asking for the state it is in writes nothing.
 */
export async function setWorkflowArchived(ctx: SessionContext, id: string, archived: boolean, db?: Database): Promise<{ archived: boolean; enabled: boolean }> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const current = await lockSwitchState(tx, id);
      if (current.archived === archived) return { archived, enabled: current.enabled };
      await tx.query(archived ? 'UPDATE workflows SET archived_at = now(), enabled = false, updated_at = now() WHERE id = $1' : 'UPDATE workflows SET archived_at = NULL, updated_at = now() WHERE id = $1', [id]);
      await auditWorkflow(tx, ctx, id, 'workflow.archive', {
        name: current.name,
        before: current.archived ? 'archived' : 'active',
        after: archived ? 'archived' : 'active',
        ...(archived && current.enabled ? { switchedOff: true } : {}),
      });
      return { archived, enabled: archived ? false : current.enabled };
    },
    db,
  );
}

/** Stores a webhook signing secret encrypted at rest; only its id and name are ever returned. */
export async function createWorkflowSecret(ctx: SessionContext, input: z.infer<typeof createSecretInput>, db?: Database): Promise<{ id: string; name: string }> {
  const id = uuidv7();
  // Security: the context binds the ciphertext to this secret id; copied to another row it won't decrypt.
  const sealed = encryptSecret(input.value, `workflow-secret:${id}`);
  await withTenant(ctx.tenantId, (tx) => tx.query('INSERT INTO workflow_secrets (tenant_id, id, name, sealed, created_by) VALUES ($1, $2, $3, $4, $5)', [ctx.tenantId, id, input.name, sealed, ctx.userId]), db);
  return { id, name: input.name };
}

/** The tenant's secrets, names only. */
export async function listWorkflowSecrets(ctx: SessionContext, db?: Database): Promise<{ id: string; name: string }[]> {
  return withTenant(ctx.tenantId, async (tx) => (await tx.query<{ id: string; name: string }>('SELECT id, name FROM workflow_secrets ORDER BY name, id')).rows, db);
}

/** A stage or pipeline the builder offers: its id, and how people know it. */
export interface StageChoice {
  id: string;
  /** "Negotiation (Sales)"; "Lead (Sales, Partners)" when pipelines share the id, "Lead (Sales); Prospect (Partners)" when they name it differently. */
  label: string;
}

/**
 * The tenant's pipelines and deal stages for the builder's pickers (conditions compare and
 * steps write the ids, which people should not have to type): one choice per pipeline, by
 * name; one per stage id, labelled with its name and the pipelines that have it, in pipeline
 * then stage order.
 */
export async function listPipelineChoices(ctx: SessionContext, db?: Database): Promise<{ pipelines: StageChoice[]; stages: StageChoice[] }> {
  const rows = await withTenant(
    ctx.tenantId,
    async (tx) =>
      (await tx.query<{ id: string; pipeline: string; stages: { id?: unknown; name?: unknown }[] }>('SELECT id, name AS pipeline, stages FROM pipelines WHERE NOT deleted ORDER BY position, name, id')).rows,
    db,
  );
  // Per stage id, per name it goes by, the pipelines (each once) that call it that.
  const byId = new Map<string, Map<string, string[]>>();
  for (const { pipeline, stages } of rows) {
    for (const stage of stages) {
      if (typeof stage.id !== 'string' || typeof stage.name !== 'string') continue;
      const names = byId.get(stage.id) ?? new Map<string, string[]>();
      byId.set(stage.id, names);
      const pipelines = names.get(stage.name) ?? [];
      names.set(stage.name, pipelines);
      if (!pipelines.includes(pipeline)) pipelines.push(pipeline);
    }
  }
  return {
    pipelines: rows.map((r) => ({ id: r.id, label: r.pipeline })),
    stages: [...byId].map(([id, names]) => ({ id, label: [...names].map(([name, pipelines]) => `${name} (${pipelines.join(', ')})`).join('; ') })),
  };
}

/** Active members of the tenant, for assignee and team pickers. */
export async function listTenantPeople(ctx: SessionContext, db?: Database): Promise<{ id: string; name: string; email: string; role: string }[]> {
  return withTenant(
    ctx.tenantId,
    async (tx) =>
      (
        await tx.query<{ id: string; name: string; email: string; role: string }>(
          `SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
           WHERE m.is_active AND u.is_active ORDER BY u.name, u.id`,
        )
      ).rows,
    db,
  );
}
