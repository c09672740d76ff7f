import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/types';
import { TRIGGER_NODE, type Recipient, type Step, type WorkflowDefinition } from './definition';
import { evaluateGroup, renderTemplate, type RecordData } from './evaluate';
import type { Collection } from './record-fields';
import { PermanentStepError } from './step-errors';
import { ownerFieldOf, readWorkflowRecord, writeRecordAsWorkflow } from './workflow-writes';

/** What a run carries from its trigger: enough to replay it. */
export interface TriggerInput {
  record: RecordData | null;
  before: RecordData | null;
  changedFields: string[];
  changeId?: number;
  /** Body of an incoming webhook, or a manual run's input. */
  input?: unknown;
}

export interface RunState {
  tenantId: string;
  runId: string;
  workflowId: string;
  workflowName: string;
  workflowOwnerId: string;
  definition: WorkflowDefinition;
  trigger: TriggerInput;
  recordCollection: Collection | null;
  recordId: string | null;
  stepCount: number;
}

export interface StepResult {
  /** The step to run next, or null when the run is done. */
  next: string | null;
  input: unknown;
  output: unknown;
  /** Conditions: "yes"/"no". */
  decision?: string;
  /** Waits: when the run resumes. */
  wakeAt?: Date;
}

/** The step after `stepId` (on `branch` for conditions), or null. */
export function nextStep(def: WorkflowDefinition, stepId: string, branch?: 'true' | 'false'): string | null {
  const edge = def.edges.find((e) => e.source === stepId && (branch ? e.branch === branch : !e.branch));
  return edge?.target ?? null;
}

/** The first step after the trigger, or null for an empty workflow. */
export function firstStep(def: WorkflowDefinition): string | null {
  return nextStep(def, TRIGGER_NODE);
}

/** The record as it is now; for deleted records, as it was. */
export async function currentRecord(tx: Queryable, run: RunState): Promise<RecordData | null> {
  if (!run.recordCollection || !run.recordId) return null;
  const now = await readWorkflowRecord(tx, run.tenantId, run.recordCollection, run.recordId);
  return now ?? run.trigger.record ?? run.trigger.before;
}

async function resolveRecipient(recipient: Recipient, run: RunState, record: RecordData | null): Promise<string> {
  switch (recipient.type) {
    case 'user':
      return recipient.userId;
    case 'workflow_owner':
      return run.workflowOwnerId;
    case 'record_owner': {
      const ownerField = run.recordCollection ? ownerFieldOf(run.recordCollection) : null;
      const owner = ownerField ? record?.[ownerField] : undefined;
      if (typeof owner !== 'string') throw new PermanentStepError('the record has no owner to send this to');
      return owner;
    }
    default: {
      const never: never = recipient;
      throw new Error(`unknown recipient ${JSON.stringify(never)}`);
    }
  }
}

/** Inserts an in-app notification once per dedupe key. */
export async function insertNotification(
  tx: Queryable,
  n: { tenantId: string; userId: string; kind: string; title: string; body?: string; link?: string; dedupeKey: string },
): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO notifications (tenant_id, id, user_id, kind, title, body, link, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
    [n.tenantId, uuidv7(), n.userId, n.kind, n.title, n.body ?? null, n.link ?? null, n.dedupeKey],
  );
  return r.rowCount > 0;
}

/**
 * Runs one step whose effects are all in the database, inside the caller's transaction (so
 * the effect, the step history row and the run's progress commit together, exactly once).
 * Webhooks are not handled here: they leave the database (see engine.ts).
 */
export async function executeDbStep(tx: Queryable, run: RunState, step: Exclude<Step, { type: 'webhook' }>, now: Date): Promise<StepResult> {
  const mutationId = `wf:${run.runId}:${run.stepCount}`;
  const scope = () => ({ workflow: { id: run.workflowId, name: run.workflowName }, run: { id: run.runId } });
  switch (step.type) {
    case 'condition': {
      const record = await currentRecord(tx, run);
      const yes = evaluateGroup(step.group, { record, before: run.trigger.before, changedFields: run.trigger.changedFields });
      return { next: nextStep(run.definition, step.id, yes ? 'true' : 'false'), input: { record }, output: { result: yes }, decision: yes ? 'yes' : 'no' };
    }
    case 'update_record': {
      if (!run.recordCollection || !run.recordId) throw new PermanentStepError('this run has no record to update');
      const values = Object.fromEntries(step.set.map((s) => [s.field, s.value]));
      const w = await writeRecordAsWorkflow(tx, { tenantId: run.tenantId, collection: run.recordCollection, recordId: run.recordId, values, workflowId: run.workflowId, mutationId }, now);
      return { next: nextStep(run.definition, step.id), input: { set: values }, output: { applied: w.applied, after: w.after } };
    }
    case 'create_record': {
      const record = await currentRecord(tx, run);
      const assignee = await resolveRecipient(step.assignee, run, record);
      const values: Record<string, unknown> = {
        kind: step.kind,
        subject: renderTemplate(step.subject, { ...scope(), record }),
        body: step.body ? renderTemplate(step.body, { ...scope(), record }) : null,
        done: false,
        ownerId: assignee,
      };
      if (step.kind === 'task') values.dueAt = new Date(now.getTime() + (step.dueInHours ?? 0) * 3600_000).toISOString();
      else values.occurredAt = now.toISOString();
      if (run.recordCollection === 'deals') values.dealId = run.recordId;
      if (run.recordCollection === 'contacts') values.contactId = run.recordId;
      if (run.recordCollection === 'companies') values.companyId = run.recordId;
      const w = await writeRecordAsWorkflow(tx, { tenantId: run.tenantId, collection: 'activities', values, workflowId: run.workflowId, mutationId }, now);
      return { next: nextStep(run.definition, step.id), input: values, output: { activityId: w.recordId, applied: w.applied } };
    }
    case 'assign_owner': {
      if (!run.recordCollection || !run.recordId) throw new PermanentStepError('this run has no record to assign');
      const turn = await tx.query<{ next_index: number }>(
          `INSERT INTO workflow_round_robin (tenant_id, workflow_id, step_id, next_index) VALUES ($1, $2, $3, 1)
           ON CONFLICT (tenant_id, workflow_id, step_id) DO UPDATE SET next_index = workflow_round_robin.next_index + 1
           RETURNING next_index`,
        [run.tenantId, run.workflowId, step.id],
      );
      const index = ((turn.rows[0]?.next_index ?? 1) - 1) % step.userIds.length;
      const owner = step.userIds[index] as string;
      const w = await writeRecordAsWorkflow(tx, { tenantId: run.tenantId, collection: run.recordCollection, recordId: run.recordId, values: { [ownerFieldOf(run.recordCollection) ?? 'ownerId']: owner }, workflowId: run.workflowId, mutationId }, now);
      return { next: nextStep(run.definition, step.id), input: { team: step.userIds }, output: { ownerId: owner, applied: w.applied } };
    }
    case 'wait': {
      let until: Date;
      if (step.wait.mode === 'duration') until = new Date(now.getTime() + step.wait.seconds * 1000);
      else {
        const record = await currentRecord(tx, run);
        const raw = record?.[step.wait.field];
        if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) {
          throw new PermanentStepError(`the record's "${step.wait.field}" is empty, so there is no date to wait for`);
        }
        until = new Date(Date.parse(raw) + step.wait.offsetSeconds * 1000);
      }
      const next = nextStep(run.definition, step.id);
      return { next, input: { wait: step.wait }, output: { until: until.toISOString() }, wakeAt: until > now ? until : undefined };
    }
    case 'notify': {
      const record = await currentRecord(tx, run);
      const userId = await resolveRecipient(step.recipient, run, record);
      const message = renderTemplate(step.message, { ...scope(), record });
      const inserted = await insertNotification(tx, {
        tenantId: run.tenantId,
        userId,
        kind: 'workflow',
        title: run.workflowName,
        body: message,
        link: `/admin/workflows/${run.workflowId}/runs/${run.runId}`,
        dedupeKey: mutationId,
      });
      return { next: nextStep(run.definition, step.id), input: { userId, message }, output: { notified: inserted } };
    }
    case 'stop':
      return { next: null, input: {}, output: { stopped: true } };
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}
