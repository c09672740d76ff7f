import 'server-only';
import { z } from 'zod';
import type { SessionContext } from '../auth/session-context';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { TRIGGER_NODE, type Step, type WorkflowDefinition } from './definition';
import { evaluateGroup, renderTemplate, webhookBody, type RecordData } from './evaluate';
import { readWorkflowRecord } from './workflow-writes';
import { recordCollection, validateDefinition } from './validate-definition';

export const dryRunInput = z
  .object({
    /** Run the draft against this real record (read only). */
    recordId: z.uuid().optional(),
    /** Or replay the trigger input of a past run. */
    replayRunId: z.uuid().optional(),
  })
  .refine((v) => !(v.recordId && v.replayRunId), 'choose a record or a past run, not both');
export type DryRunInput = z.infer<typeof dryRunInput>;

export interface DryRunStep {
  stepId: string;
  name: string;
  type: Step['type'];
  input: unknown;
  decision?: string;
  output: unknown;
}

export interface DryRunResult {
  triggerMatched: boolean | null;
  steps: DryRunStep[];
  /** Why the simulated run ended. */
  ended: 'completed' | 'stopped' | 'step_limit';
}

const next = (def: WorkflowDefinition, id: string, branch?: 'true' | 'false') =>
  def.edges.find((e) => e.source === id && (branch ? e.branch === branch : !e.branch))?.target ?? null;

/**
 * Walks a definition without side effects: nothing is written, sent or waited for. Each step
 * shows what it would receive, decide and produce; "update record" changes the simulated
 * record so later conditions see it, as they would in a real run.
 */
export function simulate(def: WorkflowDefinition, trigger: { record: RecordData | null; before: RecordData | null; changedFields: string[] }, now = new Date()): DryRunResult {
  let record = trigger.record ? { ...trigger.record } : null;
  const t = def.trigger;
  const triggerMatched = t.type === 'record' && t.filter ? evaluateGroup(t.filter, { record, before: trigger.before, changedFields: trigger.changedFields }) : null;
  const steps: DryRunStep[] = [];
  const scope = () => ({ record, workflow: { id: 'draft', name: 'draft' }, run: { id: 'dry-run' } });
  let current = next(def, TRIGGER_NODE);
  for (let i = 0; current && i < 200; i++) {
    const step = def.steps.find((s) => s.id === current);
    if (!step) break;
    const base = { stepId: step.id, name: step.name, type: step.type };
    switch (step.type) {
      case 'condition': {
        const yes = evaluateGroup(step.group, { record, before: trigger.before, changedFields: trigger.changedFields });
        steps.push({ ...base, input: { record }, decision: yes ? 'yes' : 'no', output: { result: yes } });
        current = next(def, step.id, yes ? 'true' : 'false');
        continue;
      }
      case 'update_record': {
        const set = Object.fromEntries(step.set.map((s) => [s.field, s.value]));
        record = { ...(record ?? {}), ...set };
        steps.push({ ...base, input: { set }, output: { after: record, wouldWrite: true } });
        break;
      }
      case 'create_record':
        steps.push({ ...base, input: { assignee: step.assignee }, output: { wouldCreate: step.kind, subject: renderTemplate(step.subject, scope()), body: step.body ? renderTemplate(step.body, scope()) : null } });
        break;
      case 'assign_owner':
        steps.push({ ...base, input: { team: step.userIds }, output: { wouldAssignOneOf: step.userIds } });
        break;
      case 'wait': {
        const raw = step.wait.mode === 'until_field' ? record?.[step.wait.field] : undefined;
        const until =
          step.wait.mode === 'duration'
            ? new Date(now.getTime() + step.wait.seconds * 1000).toISOString()
            : typeof raw === 'string' && !Number.isNaN(Date.parse(raw))
              ? new Date(Date.parse(raw) + step.wait.offsetSeconds * 1000).toISOString()
              : null;
        steps.push({ ...base, input: { wait: step.wait }, output: { wouldWaitUntil: until, skippedInDryRun: true } });
        break;
      }
      case 'webhook':
        steps.push({ ...base, input: { url: step.url }, output: { wouldPost: JSON.stringify(webhookBody(step.body, scope())), sent: false } });
        break;
      case 'notify':
        steps.push({ ...base, input: { recipient: step.recipient }, output: { wouldSay: renderTemplate(step.message, scope()) } });
        break;
      case 'stop':
        steps.push({ ...base, input: {}, output: { stopped: true } });
        return { triggerMatched, steps, ended: 'stopped' };
      default: {
        const never: never = step;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
    current = next(def, step.id);
  }
  return { triggerMatched, steps, ended: current ? 'step_limit' : 'completed' };
}

/** Test run of a workflow's draft against a real record or a past run's trigger input. */
export async function dryRunWorkflow(ctx: SessionContext, workflowId: string, input: DryRunInput, db?: Database): Promise<DryRunResult> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const w = await tx.query<{ draft: unknown }>('SELECT draft FROM workflows WHERE id = $1', [workflowId]);
      if (!w.rows[0]) throw new AppError(ErrorCode.NotFound, 'No such workflow');
      const checked = validateDefinition(w.rows[0].draft);
      if (!checked.ok || !checked.definition) {
        throw new AppError(ErrorCode.Validation, 'Fix the draft before a test run', checked.issues.map((i) => ({ path: i.stepId ?? i.path, message: i.message })));
      }
      const def = checked.definition;
      if (input.replayRunId) {
        const r = await tx.query<{ trigger: { record: RecordData | null; before: RecordData | null; changedFields: string[]; expired?: boolean } }>(
          'SELECT trigger FROM workflow_runs WHERE id = $1 AND workflow_id = $2',
          [input.replayRunId, workflowId],
        );
        if (!r.rows[0]) throw new AppError(ErrorCode.NotFound, 'No such run of this workflow');
        // lib/ops/change-data-retention-job.ts removes the record data of old finished runs.
        if (r.rows[0].trigger.expired) throw new AppError(ErrorCode.Conflict, 'The record data of this run has been removed (it finished too long ago to keep it); test with a record instead.');
        return simulate(def, r.rows[0].trigger);
      }
      const collection = recordCollection(def);
      if (!collection) return simulate(def, { record: null, before: null, changedFields: [] });
      if (!input.recordId) throw new AppError(ErrorCode.Validation, `Choose a ${collection} record for the test run`, [{ path: 'recordId', message: 'required' }]);
      const record = await readWorkflowRecord(tx, ctx.tenantId, collection, input.recordId);
      if (!record || record._deleted) throw new AppError(ErrorCode.NotFound, `No such ${collection} record`);
      // A chosen record is treated as if every field had just changed to its current value.
      return simulate(def, { record, before: null, changedFields: Object.keys(record).filter((k) => k !== '_deleted') });
    },
    db,
  );
}
