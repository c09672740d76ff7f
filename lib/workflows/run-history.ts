import 'server-only';
import { z } from 'zod';
import type { SessionContext } from '../auth/session-context';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;

export const listRunsQuery = z.object({
  status: z.enum(RUN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset cursor: the id of the last run of the previous page (UUIDv7, time-ordered). */
  before: z.uuid().optional(),
});
export type ListRunsQuery = z.infer<typeof listRunsQuery>;

export type RunSummary = {
  id: string;
  workflowId: string;
  version: number;
  status: (typeof RUN_STATUSES)[number];
  triggerType: string;
  recordId: string | null;
  currentStep: string | null;
  attempt: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  wakeAt: string | null;
};

export type RunStep = {
  seq: number;
  stepId: string;
  stepType: string;
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  decision: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string;
};

const RUN_COLUMNS = `id, workflow_id AS "workflowId", version, status, trigger_type AS "triggerType", record_id AS "recordId",
  current_step AS "currentStep", attempt, error, created_at AS "createdAt", started_at AS "startedAt",
  finished_at AS "finishedAt", wake_at AS "wakeAt"`;

/**
 * A workflow's runs, newest first, filterable by status, paged by id. 404 when the workflow is
 * not the caller's tenant's, like every other per-id route.
 */
export async function listRuns(ctx: SessionContext, workflowId: string, q: ListRunsQuery, db?: Database): Promise<RunSummary[]> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      // Security: an empty list for another tenant's id would still be an answer about that id
      // (and differs from a malformed id's 404); RLS makes the row invisible, so this is a 404.
      const exists = await tx.query('SELECT 1 FROM workflows WHERE id = $1', [workflowId]);
      if (exists.rows.length === 0) throw new AppError(ErrorCode.NotFound, 'No such workflow');
      return (
        await tx.query<RunSummary>(
          `SELECT ${RUN_COLUMNS} FROM workflow_runs
           WHERE workflow_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR id < $3)
           ORDER BY id DESC LIMIT $4`,
          [workflowId, q.status ?? null, q.before ?? null, q.limit],
        )
      ).rows;
    },
    db,
  );
}

/** One run with every step (timing, input, output, decision, error) and its trigger input. */
export async function getRun(ctx: SessionContext, runId: string, db?: Database): Promise<RunSummary & { trigger: unknown; steps: RunStep[] }> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const run = (await tx.query<RunSummary & { trigger: unknown }>(`SELECT ${RUN_COLUMNS}, trigger FROM workflow_runs WHERE id = $1`, [runId])).rows[0];
      if (!run) throw new AppError(ErrorCode.NotFound, 'No such run');
      const steps = await tx.query<RunStep>(
        `SELECT seq, step_id AS "stepId", step_type AS "stepType", attempt, status, input, output, decision, error,
                started_at AS "startedAt", finished_at AS "finishedAt"
         FROM workflow_run_steps WHERE run_id = $1 ORDER BY seq`,
        [runId],
      );
      return { ...run, steps: steps.rows };
    },
    db,
  );
}

/** Figures for the health page: runs by status over the last `hours`, and failures for good. */
export async function workflowHealth(ctx: SessionContext, hours = 24, db?: Database): Promise<Record<string, number>> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const r = await tx.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM workflow_runs WHERE created_at > now() - make_interval(hours => $1) GROUP BY status`,
        [hours],
      );
      const out: Record<string, number> = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0]));
      for (const row of r.rows) out[row.status] = row.n;
      return out;
    },
    db,
  );
}
