import 'server-only';
import type PgBoss from 'pg-boss';
import { decryptSecret } from '../crypto/secret-box';
import type { Database, Queryable } from '../db/types';
import { metrics } from '../observability/metrics';
import { inSpan } from '../observability/tracing';
import type { Step, WorkflowDefinition } from './definition';
import { webhookBody } from './evaluate';
import type { Collection } from './record-fields';
import { DUE_NOW, RUN_QUEUE, txAdapter, type RunJob } from './queue';
import {
  currentRecord,
  executeDbStep,
  firstStep,
  insertNotification,
  nextStep,
  type RunState,
  type StepResult,
  type TriggerInput,
} from './step-executors';
import { PermanentStepError } from './step-errors';
import { deliverWebhook, guardedFetch, webhookAddressPolicy, type WebhookFetch } from './webhook-delivery';
import { ENGINE_DEFAULTS, backoffMs, type Clock, type EngineSettings } from './engine-settings';

export interface EngineOptions extends Partial<EngineSettings> {
  db: Database;
  boss: PgBoss;
  clock?: Clock;
  /** The HTTP transport for webhook steps (tests); default: guardedFetch under `allowPrivateTargets`. */
  fetch?: WebhookFetch;
  /** Let webhook steps reach private and loopback addresses: tests and development only. Default: WEBHOOK_ALLOW_PRIVATE_TARGETS. */
  allowPrivateTargets?: boolean;
}

type RunRow = {
  tenant_id: string;
  id: string;
  workflow_id: string;
  version: number;
  status: string;
  trigger: TriggerInput;
  record_collection: Collection | null;
  record_id: string | null;
  current_step: string | null;
  step_count: number;
  attempt: number;
  wake_at: string | Date | null;
  name: string;
  owner_id: string;
  definition: WorkflowDefinition;
};

export interface NewRun {
  tenantId: string;
  workflowId: string;
  version: number;
  definition: WorkflowDefinition;
  triggerKey: string;
  trigger: TriggerInput;
  recordCollection: Collection | null;
  recordId: string | null;
  chainDepth?: number;
}

/** Sets the tenant for the rest of an engine transaction (RLS holds for a non-superuser owner). */
export async function setTenant(tx: Queryable, tenantId: string): Promise<void> {
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
}

/**
 * Inserts a run (once per workflow and trigger key) and queues it, in the caller's
 * transaction, so the cause and the run commit together. Returns the run id, or null when
 * this trigger already made a run.
 */
export async function insertRun(tx: Queryable, boss: PgBoss, run: NewRun, runId: string, priority = 0): Promise<string | null> {
  await setTenant(tx, run.tenantId);
  const first = firstStep(run.definition);
  const r = await tx.query<{ id: string }>(
    `INSERT INTO workflow_runs (tenant_id, id, workflow_id, version, status, trigger_key, trigger_type, trigger,
       record_collection, record_id, current_step, chain_depth, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $5 = 'succeeded' THEN now() END)
     ON CONFLICT (tenant_id, workflow_id, trigger_key) DO NOTHING RETURNING id`,
    [run.tenantId, runId, run.workflowId, run.version, first ? 'queued' : 'succeeded', run.triggerKey, run.definition.trigger.type,
      run.trigger, run.recordCollection, run.recordId, first, run.chainDepth ?? 0],
  );
  if (!r.rows[0]) return null;
  // The job id is the run id (UUIDv7, time-ordered): the runner works each batch in run-id
  // order, so runs created in one transaction start in trigger order. `priority` puts a bulk
  // write's runs behind single edits (pg-boss hands out higher priorities first).
  if (first) await boss.send(RUN_QUEUE, { tenantId: run.tenantId, runId } satisfies RunJob, { db: txAdapter(tx), id: runId, priority, startAfter: DUE_NOW });
  return runId;
}

type Progress = 'continue' | 'done' | { webhook: RunRow & { step: Extract<Step, { type: 'webhook' }> } };

/** The durable executor: advances runs step by step; every step commits on its own. */
export class WorkflowEngine {
  readonly db: Database;
  readonly boss: PgBoss;
  readonly clock: Clock;
  readonly settings: EngineSettings;
  private readonly fetchImpl: WebhookFetch;

  constructor(options: EngineOptions) {
    this.db = options.db;
    this.boss = options.boss;
    this.clock = options.clock ?? { now: () => new Date() };
    this.fetchImpl = options.fetch ?? guardedFetch(webhookAddressPolicy(options.allowPrivateTargets));
    this.settings = { ...ENGINE_DEFAULTS, ...options };
  }

  /** Job handler: runs steps until the run waits, ends, or hits the per-job step budget. */
  async advance(job: RunJob): Promise<void> {
    await inSpan('workflow.advance', { 'crm.tenant_id': job.tenantId, 'crm.workflow_run_id': job.runId }, async (span) => {
      for (let i = 0; i < this.settings.maxStepsPerRun + 1; i++) {
        const progress = await this.stepOnce(job);
        span.setAttribute('crm.workflow_steps', i + 1);
        if (progress === 'done') return;
        if (progress !== 'continue') {
          const more = await this.runWebhook(progress.webhook);
          if (!more) return;
        }
      }
    });
  }

  private async loadRun(tx: Queryable, job: RunJob): Promise<RunRow | undefined> {
    await setTenant(tx, job.tenantId);
    const r = await tx.query<RunRow>(
      `SELECT r.tenant_id, r.id, r.workflow_id, r.version, r.status, r.trigger, r.record_collection, r.record_id,
              r.current_step, r.step_count, r.attempt, r.wake_at, w.name, w.owner_id, v.definition
       FROM workflow_runs r
       JOIN workflows w ON w.tenant_id = r.tenant_id AND w.id = r.workflow_id
       JOIN workflow_versions v ON v.tenant_id = r.tenant_id AND v.workflow_id = r.workflow_id AND v.version = r.version
       WHERE r.tenant_id = $1 AND r.id = $2
       FOR UPDATE OF r`,
      [job.tenantId, job.runId],
    );
    return r.rows[0];
  }

  private state(run: RunRow): RunState {
    return {
      tenantId: run.tenant_id,
      runId: run.id,
      workflowId: run.workflow_id,
      workflowName: run.name,
      workflowOwnerId: run.owner_id,
      definition: run.definition,
      trigger: run.trigger,
      recordCollection: run.record_collection,
      recordId: run.record_id,
      stepCount: run.step_count,
    };
  }

  private async stepOnce(job: RunJob): Promise<Progress> {
    return this.db.transaction(async (tx): Promise<Progress> => {
      const run = await this.loadRun(tx, job);
      // Cancelled or finished (a duplicate delivery): nothing to do.
      if (!run || (run.status !== 'queued' && run.status !== 'running' && run.status !== 'waiting')) return 'done';
      if (run.status === 'waiting') {
        const wakeAt = run.wake_at ? new Date(run.wake_at) : null;
        // Early (a clock ahead of ours, or a redelivery): queue it again for when it is due.
        if (wakeAt && wakeAt > this.clock.now()) {
          await this.queueWake(tx, run.tenant_id, run.id, wakeAt, 1000);
          return 'done';
        }
      }
      if (run.current_step === null) {
        await this.finish(tx, run, 'succeeded', null);
        return 'done';
      }
      if (run.step_count >= this.settings.maxStepsPerRun) {
        await this.failForGood(tx, run, `loop protection: the run reached ${this.settings.maxStepsPerRun} steps`);
        return 'done';
      }
      const step = run.definition.steps.find((s) => s.id === run.current_step);
      if (!step) {
        await this.failForGood(tx, run, `step "${run.current_step}" is not in version ${run.version}`);
        return 'done';
      }
      if (run.status !== 'running') {
        await tx.query(
          `UPDATE workflow_runs SET status = 'running', wake_at = NULL, started_at = coalesce(started_at, $3), updated_at = $3 WHERE tenant_id = $1 AND id = $2`,
          [run.tenant_id, run.id, this.clock.now()],
        );
      }
      if (step.type === 'webhook') return { webhook: { ...run, step } };

      const started = this.clock.now();
      await tx.query('SAVEPOINT step');
      let result: StepResult;
      try {
        result = await inSpan('workflow.step', { 'crm.workflow_id': run.workflow_id, 'crm.step_id': step.id, 'crm.step_type': step.type }, () =>
          executeDbStep(tx, this.state(run), step, started),
        );
      } catch (err) {
        await tx.query('ROLLBACK TO SAVEPOINT step');
        await this.stepFailed(tx, run, step, started, err as Error);
        return 'done';
      }
      await this.stepSucceeded(tx, run, step, started, result);
      return result.next === null || result.wakeAt ? 'done' : 'continue';
    });
  }

  /** Webhooks leave the database, so they run between two transactions. Returns "keep going". */
  private async runWebhook(run: RunRow & { step: Extract<Step, { type: 'webhook' }> }): Promise<boolean> {
    const { step } = run;
    const started = this.clock.now();
    // The key is stable for this step visit: a redelivery after a crash sends the same key.
    const idempotencyKey = `${run.id}:${run.step_count}`;
    const prepared = await this.db.transaction(async (tx) => {
      await setTenant(tx, run.tenant_id);
      const secret = await tx.query<{ sealed: string }>('SELECT sealed FROM workflow_secrets WHERE tenant_id = $1 AND id = $2', [run.tenant_id, step.secretId ?? null]);
      const record = await currentRecord(tx, this.state(run));
      return { sealed: secret.rows[0]?.sealed, record };
    });
    let outcome: { ok: true; output: unknown } | { ok: false; error: Error };
    let body = '';
    const scope = { record: prepared.record, workflow: { id: run.workflow_id, name: run.name }, run: { id: run.id } };
    let value: unknown;
    try {
      // Security: the body is built as a value and serialised once; template text is never
      // spliced into JSON text (record values could otherwise add fields to a signed body).
      value = webhookBody(step.body, scope);
    } catch {
      value = undefined;
    }
    if (value === undefined) outcome = { ok: false, error: new PermanentStepError('the body template is not valid JSON') };
    else if (!prepared.sealed) outcome = { ok: false, error: new PermanentStepError('the signing secret of this webhook was deleted') };
    else {
      body = JSON.stringify(value);
      const secret = decryptSecret(prepared.sealed, `workflow-secret:${step.secretId}`);
      const res = await deliverWebhook(
        { url: step.url, body, secret, idempotencyKey, timeoutMs: step.timeoutMs, nowSeconds: Math.floor(this.clock.now().getTime() / 1000) },
        this.fetchImpl,
      );
      outcome = res.ok
        ? { ok: true, output: { status: res.status, durationMs: res.durationMs } }
        : { ok: false, error: res.permanent ? new PermanentStepError(res.error ?? 'refused') : new Error(res.error) };
    }
    return this.db.transaction(async (tx) => {
      const now = await this.loadRun(tx, { tenantId: run.tenant_id, runId: run.id });
      // Another worker finished this step meanwhile (or the run was cancelled): keep its result.
      if (!now || now.step_count !== run.step_count || now.current_step !== step.id || now.status !== 'running') return false;
      if (!outcome.ok) {
        await this.stepFailed(tx, now, step, started, outcome.error, { url: step.url, body, idempotencyKey });
        return false;
      }
      const next = nextStep(now.definition, step.id);
      await this.stepSucceeded(tx, now, step, started, { next, input: { url: step.url, body, idempotencyKey }, output: outcome.output });
      return next !== null;
    });
  }

  private async history(tx: Queryable, run: RunRow, step: Step, started: Date, row: { status: string; input: unknown; output?: unknown; decision?: string; error?: string; attempt: number }) {
    await tx.query(
      `INSERT INTO workflow_run_steps (tenant_id, run_id, seq, step_id, step_type, attempt, status, input, output, decision, error, started_at, finished_at)
       VALUES ($1, $2, (SELECT coalesce(max(seq), 0) + 1 FROM workflow_run_steps WHERE tenant_id = $1 AND run_id = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [run.tenant_id, run.id, step.id, step.type, row.attempt, row.status, row.input ?? null, row.output ?? null, row.decision ?? null, row.error ?? null, started, this.clock.now()],
    );
  }

  private async stepSucceeded(tx: Queryable, run: RunRow, step: Step, started: Date, result: StepResult): Promise<void> {
    await this.history(tx, run, step, started, { status: 'succeeded', input: result.input, output: result.output, decision: result.decision, attempt: run.attempt + 1 });
    const now = this.clock.now();
    if (result.wakeAt && result.next !== null) {
      await tx.query(
        `UPDATE workflow_runs SET status = 'waiting', current_step = $3, step_count = step_count + 1, attempt = 0, wake_at = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2`,
        [run.tenant_id, run.id, result.next, result.wakeAt, now],
      );
      await this.queueWake(tx, run.tenant_id, run.id, result.wakeAt);
      return;
    }
    await tx.query(
      `UPDATE workflow_runs SET current_step = $3, step_count = step_count + 1, attempt = 0, updated_at = $4 WHERE tenant_id = $1 AND id = $2`,
      [run.tenant_id, run.id, result.next, now],
    );
    if (result.next === null) await this.finish(tx, run, 'succeeded', null);
  }

  private async stepFailed(tx: Queryable, run: RunRow, step: Step, started: Date, err: Error, input: unknown = null): Promise<void> {
    const attempt = run.attempt + 1;
    const permanent = err instanceof PermanentStepError;
    const retry = !permanent && attempt < this.settings.maxAttempts;
    await this.history(tx, run, step, started, { status: retry ? 'retrying' : 'failed', input, error: err.message, attempt });
    if (!retry) {
      await tx.query('UPDATE workflow_runs SET attempt = $3 WHERE tenant_id = $1 AND id = $2', [run.tenant_id, run.id, attempt]);
      await this.failForGood(tx, run, `${step.name}: ${err.message}`);
      return;
    }
    const wakeAt = new Date(this.clock.now().getTime() + backoffMs(attempt, this.settings));
    await tx.query(
      `UPDATE workflow_runs SET status = 'waiting', attempt = $3, wake_at = $4, error = $5, updated_at = $6 WHERE tenant_id = $1 AND id = $2`,
      [run.tenant_id, run.id, attempt, wakeAt, err.message, this.clock.now()],
    );
    await this.queueWake(tx, run.tenant_id, run.id, wakeAt);
  }

  /**
   * Queues the run's next job to start at `wakeAt` by this engine's clock, in the caller's
   * transaction. The delay is relative, so the queue's clock (the database's) need not agree
   * with ours; `minDelayMs` keeps an early delivery from coming straight back.
   */
  private async queueWake(tx: Queryable, tenantId: string, runId: string, wakeAt: Date, minDelayMs = 0): Promise<void> {
    const delayMs = Math.max(minDelayMs, wakeAt.getTime() - this.clock.now().getTime());
    const job: RunJob = { tenantId, runId, wakeAt: wakeAt.toISOString() };
    await this.boss.send(RUN_QUEUE, job, { db: txAdapter(tx), startAfter: delayMs > 0 ? delayMs / 1000 : DUE_NOW });
  }

  private async finish(tx: Queryable, run: RunRow, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    await tx.query(
      `UPDATE workflow_runs SET status = $3, error = $4, finished_at = $5, updated_at = $5, wake_at = NULL WHERE tenant_id = $1 AND id = $2`,
      [run.tenant_id, run.id, status, error, this.clock.now()],
    );
  }

  /** Nothing fails silently: the run is marked failed and the workflow's owner is told in-app. */
  private async failForGood(tx: Queryable, run: RunRow, error: string): Promise<void> {
    await this.finish(tx, run, 'failed', error);
    // Counted before commit: a rolled-back transaction is retried and fails again, so the
    // rare overcount is preferable to a failure nobody sees in Prometheus.
    metrics().workflowRunsFailed.inc({ reason: /timed? ?out|timeout/i.test(error) ? 'timeout' : 'step_error' });
    await insertNotification(tx, {
      tenantId: run.tenant_id,
      userId: run.owner_id,
      kind: 'workflow_failed',
      title: `Workflow "${run.name}" failed`,
      body: error,
      link: `/admin/workflows/${run.workflow_id}/runs/${run.id}`,
      dedupeKey: `run-failed:${run.id}:${run.step_count}:${run.attempt}`,
    });
  }

  /** Cancels a run that has not finished; a step already running completes, no further step starts. */
  async cancelRun(tenantId: string, runId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await setTenant(tx, tenantId);
      const r = await tx.query(
        `UPDATE workflow_runs SET status = 'cancelled', finished_at = $3, updated_at = $3, wake_at = NULL
         WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'running', 'waiting')`,
        [tenantId, runId, this.clock.now()],
      );
      // Its delayed job, if any, finds the run cancelled and does nothing.
      return r.rowCount > 0;
    });
  }

  /** Retries a failed run from the step that failed, on the version it started on. */
  async retryRun(tenantId: string, runId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await setTenant(tx, tenantId);
      const r = await tx.query(
        `UPDATE workflow_runs SET status = 'queued', attempt = 0, error = NULL, finished_at = NULL, updated_at = $3
         WHERE tenant_id = $1 AND id = $2 AND status = 'failed'`,
        [tenantId, runId, this.clock.now()],
      );
      if (r.rowCount === 0) return false;
      await this.boss.send(RUN_QUEUE, { tenantId, runId } satisfies RunJob, { db: txAdapter(tx), startAfter: DUE_NOW });
      return true;
    });
  }
}
