import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/append-audit';
import type { Queryable } from '../db/types';
import { recordAuditEvents } from '../records/record-audit';
import { changedFields } from '../../sync/schema/json-equal';
import { APP_ROLE } from '../db/with-tenant';
import { fieldSpec, type Collection } from './fields';

// The ONE place workflows write CRM records. It writes the record, its record_changes row and
// its audit entry in the caller's transaction, tagged with the workflow (loop protection) and a mutation id
// derived from the run step (a replayed step cannot apply twice: record_changes has a unique
// index on client_mutation_id). When lib/records lands, this body becomes a call to it.

export interface WorkflowWrite {
  tenantId: string;
  collection: Collection;
  /** Existing record for update; omitted for create (a new UUIDv7 is made). */
  recordId?: string;
  values: Record<string, unknown>;
  workflowId: string;
  /** Stable per run step, e.g. `wf:<runId>:<stepCount>`. */
  mutationId: string;
}

export interface WriteResult {
  recordId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** False when this mutation id was already applied (nothing written). */
  applied: boolean;
}

/**
 * Runs `fn` as the non-owner app role with the tenant set, then returns to the caller's
 * role, so record writes get row-level security even inside an engine transaction.
 */
export async function asTenantApp<T>(tx: Queryable, tenantId: string, fn: () => Promise<T>): Promise<T> {
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
  await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
  const result = await fn();
  await tx.query('RESET ROLE');
  return result;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** Creates or updates one record as a workflow, with its change row, in `tx`. */
export async function writeRecordAsWorkflow(tx: Queryable, write: WorkflowWrite): Promise<WriteResult> {
  const columns = Object.keys(write.values);
  for (const column of columns) {
    // Security: column names reach SQL as identifiers, so only catalogued fields pass.
    if (!fieldSpec(write.collection, column)) throw new Error(`unknown field ${write.collection}.${column}`);
  }
  const table = quote(write.collection);
  return asTenantApp(tx, write.tenantId, async () => {
    const seen = await tx.query<{ record_id: string }>(
      'SELECT record_id FROM record_changes WHERE tenant_id = $1 AND client_mutation_id = $2',
      [write.tenantId, write.mutationId],
    );
    if (seen.rows[0]) return { recordId: seen.rows[0].record_id, before: null, after: null, applied: false };

    let before: Record<string, unknown> | null = null;
    let after: Record<string, unknown>;
    let recordId: string;
    if (write.recordId) {
      recordId = write.recordId;
      const current = await tx.query<{ doc: Record<string, unknown> }>(
        `SELECT to_jsonb(t) AS doc FROM ${table} t WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [write.tenantId, recordId],
      );
      if (!current.rows[0]) throw new RecordMissingError(write.collection, recordId);
      before = current.rows[0].doc;
      const sets = columns.map((c, i) => `${quote(c)} = $${i + 3}`);
      const updated = await tx.query<{ doc: Record<string, unknown> }>(
        `UPDATE ${table} t SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING to_jsonb(t) AS doc`,
        [write.tenantId, recordId, ...columns.map((c) => write.values[c])],
      );
      after = (updated.rows[0] as { doc: Record<string, unknown> }).doc;
    } else {
      recordId = uuidv7();
      const names = ['tenant_id', 'id', ...columns].map(quote).join(', ');
      const params = columns.map((_, i) => `$${i + 3}`).join(', ');
      const inserted = await tx.query<{ doc: Record<string, unknown> }>(
        `INSERT INTO ${table} AS t (${names}) VALUES ($1, $2${columns.length ? `, ${params}` : ''}) RETURNING to_jsonb(t) AS doc`,
        [write.tenantId, recordId, ...columns.map((c) => write.values[c])],
      );
      after = (inserted.rows[0] as { doc: Record<string, unknown> }).doc;
    }
    const changed = changedFields(columns, before, after);
    await tx.query(
      `INSERT INTO record_changes (tenant_id, collection, record_id, op, before, after, changed_fields, source, workflow_id, client_mutation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'workflow', $8, $9)`,
      [write.tenantId, write.collection, recordId, before ? 'update' : 'create', before, after, changed, write.workflowId, write.mutationId],
    );
    const [entry] = recordAuditEvents(write.collection, [{ recordId, op: before ? 'update' : 'create', changedFields: changed, before, after }], {
      tenantId: write.tenantId,
      actorId: null,
      source: 'workflow',
      workflowId: write.workflowId,
    });
    await appendAudit(tx, entry!);
    return { recordId, before, after, applied: true };
  });
}

/** The record a step works on no longer exists (deleted since the trigger). */
export class RecordMissingError extends Error {
  constructor(collection: string, id: string) {
    super(`the ${collection} record ${id} no longer exists`);
    this.name = 'RecordMissingError';
  }
}

/** Reads one record as JSON (owner role; the caller has set the tenant), or null. */
export async function readRecord(tx: Queryable, tenantId: string, collection: Collection, id: string): Promise<Record<string, unknown> | null> {
  const r = await tx.query<{ doc: Record<string, unknown> }>(
    `SELECT to_jsonb(t) AS doc FROM ${quote(collection)} t WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  return r.rows[0]?.doc ?? null;
}
