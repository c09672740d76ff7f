import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { jsonTree } from '@/sync/schema/safe-values';
import type { SessionContext } from '../auth/session-context';
import { AppError, ErrorCode } from '../http/app-error';
import type { Trigger, WorkflowDefinition } from './definition';
import { insertRun, setTenant, type WorkflowEngine } from './engine';
import { readWorkflowRecord } from './workflow-writes';
import { recordCollection } from './validate-definition';

export const startRunInput = z.object({
  /** The record a manual run works on (manual triggers with a collection). */
  recordId: z.uuid().optional(),
  /** Free-form input (incoming webhook body, manual input); at most 64 KB once stored. */
  input: jsonTree().optional(),
});
export type StartRunInput = z.infer<typeof startRunInput>;

/**
 * Starts a run of the published version now (manual trigger, incoming webhook, schedule).
 * `triggerKey` makes the start idempotent (a schedule slot, a webhook delivery id).
 * `expectTrigger`: refuse (404) unless the published version has this trigger type, so an
 * incoming webhook cannot start a workflow that was republished with another trigger.
 */
export async function startRun(
  engine: WorkflowEngine,
  ctx: Pick<SessionContext, 'tenantId'>,
  workflowId: string,
  input: StartRunInput,
  triggerKey: string = `manual:${uuidv7()}`,
  expectTrigger?: Trigger['type'],
): Promise<string> {
  return engine.db.transaction(async (tx) => {
    await setTenant(tx, ctx.tenantId);
    const w = await tx.query<{ version: number | null; definition: WorkflowDefinition | null; enabled: boolean }>(
      `SELECT w.published_version AS version, v.definition, w.enabled FROM workflows w
       LEFT JOIN workflow_versions v ON v.tenant_id = w.tenant_id AND v.workflow_id = w.id AND v.version = w.published_version
       WHERE w.tenant_id = $1 AND w.id = $2`,
      [ctx.tenantId, workflowId],
    );
    const row = w.rows[0];
    if (!row) throw new AppError(ErrorCode.NotFound, 'No such workflow');
    if (expectTrigger && row.definition?.trigger.type !== expectTrigger) throw new AppError(ErrorCode.NotFound, 'No such workflow');
    if (!row.version || !row.definition) throw new AppError(ErrorCode.Conflict, 'Publish the workflow before running it');
    if (!row.enabled) throw new AppError(ErrorCode.Conflict, 'The workflow is turned off');
    const collection = recordCollection(row.definition) ?? null;
    let record: Record<string, unknown> | null = null;
    if (collection) {
      if (!input.recordId) throw new AppError(ErrorCode.Validation, `Choose a ${collection} record to run this workflow on`, [{ path: 'recordId', message: 'required' }]);
      record = await readWorkflowRecord(tx, ctx.tenantId, collection, input.recordId);
      if (!record || record._deleted) throw new AppError(ErrorCode.NotFound, `No such ${collection} record`);
    }
    if (input.input !== undefined && JSON.stringify(input.input).length > 65_536) {
      throw new AppError(ErrorCode.PayloadTooLarge, 'The run input is larger than 64 KB');
    }
    const runId = uuidv7();
    const inserted = await insertRun(
      tx,
      engine.boss,
      {
        tenantId: ctx.tenantId,
        workflowId,
        version: row.version,
        definition: row.definition,
        triggerKey,
        trigger: { record, before: null, changedFields: [], input: input.input },
        recordCollection: collection,
        recordId: collection ? (input.recordId ?? null) : null,
      },
      runId,
    );
    if (!inserted) throw new AppError(ErrorCode.Conflict, 'This trigger already started a run');
    return runId;
  });
}
