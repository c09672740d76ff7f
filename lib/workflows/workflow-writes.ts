import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/types';
import { APP_ROLE } from '../db/with-tenant';
import { applyChanges, systemActor } from '../records/apply-changes';
import { lockRecords, readRecord } from '../records/record-sql';
import { collectionDef, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { FieldDef } from '@/sync/schema/fields';
import type { Collection } from './record-fields';
import { PermanentStepError, RecordMissingError } from './step-errors';

// How workflow steps read and write CRM records: through the one record pipeline
// (lib/records/apply-changes.ts), as the system actor, so a workflow's write is validated by
// the collection's schema and gets the same change-log row, audit entry and live-stream
// notification, with the same field names, as a phone's push.

export interface WorkflowWrite {
  tenantId: string;
  collection: Collection;
  /** Existing record for update; omitted for create (a new UUIDv7 is made). */
  recordId?: string;
  /** Field values by wire name. */
  values: Record<string, unknown>;
  workflowId: string;
  /** Stable per run step, e.g. `wf:<runId>:<stepCount>`: a replayed step cannot apply twice. */
  mutationId: string;
}

export interface WriteResult {
  recordId: string;
  /** The record as written; null when this mutation id was already applied (nothing written). */
  after: AnyWireDoc | null;
  applied: boolean;
}

function defOf(collection: Collection): CollectionDef {
  return collectionDef(collection);
}

/**
 * Runs `fn` as the non-owner app role with the tenant set, then returns to the caller's
 * role, so record writes get row-level security even inside an engine transaction.
 */
async function asTenantApp<T>(tx: Queryable, tenantId: string, fn: () => Promise<T>): Promise<T> {
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
  await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
  const result = await fn();
  await tx.query('RESET ROLE');
  return result;
}

/** A new record of `def`: every field empty, then the ids and times the write path keeps. */
function blankDoc(def: CollectionDef, id: string, stamp: string): AnyWireDoc {
  const doc: AnyWireDoc = { id, _deleted: false };
  for (const f of def.fieldNames) doc[f] = (def.fields[f] as FieldDef).empty;
  return { ...doc, id, createdAt: stamp, updatedAt: stamp };
}

/** Creates or updates one record as a workflow, in `tx`, through applyChanges. */
export async function writeRecordAsWorkflow(tx: Queryable, write: WorkflowWrite, now = new Date()): Promise<WriteResult> {
  const def = defOf(write.collection);
  return asTenantApp(tx, write.tenantId, async () => {
    const seen = await tx.query<{ record_id: string }>(
      'SELECT record_id FROM record_changes WHERE tenant_id = $1 AND client_mutation_id = $2',
      [write.tenantId, write.mutationId],
    );
    if (seen.rows[0]) return { recordId: seen.rows[0].record_id, after: null, applied: false };
    let before: AnyWireDoc | null = null;
    if (write.recordId) {
      before = (await lockRecords(tx, def, write.tenantId, [write.recordId])).get(write.recordId) ?? null;
      if (!before || before._deleted) throw new RecordMissingError(write.collection, write.recordId);
    }
    const stamp = now.toISOString();
    const candidate = { ...(before ?? blankDoc(def, uuidv7(), stamp)), ...write.values, updatedAt: stamp };
    // The collection's own schema, as for a push: a workflow cannot store what a phone would
    // then fail to validate.
    const parsed = def.wireSchema.safeParse(candidate);
    if (!parsed.success) {
      const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`);
      throw new PermanentStepError(`the ${write.collection} record would be invalid: ${detail.join('; ')}`);
    }
    const after = parsed.data as AnyWireDoc;
    await applyChanges(tx, systemActor(write.tenantId), def, [{ before, after }], {
      source: 'workflow',
      workflowId: write.workflowId,
      mutationId: write.mutationId,
    });
    return { recordId: after.id, after, applied: true };
  });
}

/** Reads one record as a wire document (a deleted one too, as it was), or null. */
export async function readWorkflowRecord(tx: Queryable, tenantId: string, collection: Collection, id: string): Promise<AnyWireDoc | null> {
  return readRecord(tx, defOf(collection), tenantId, id);
}

/** The field that names a record's owner in `collection` (`ownerId`). */
export function ownerFieldOf(collection: Collection): string | null {
  return defOf(collection).ownerField;
}
