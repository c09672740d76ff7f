import 'server-only';
import { appendAuditMany } from '../audit/append-audit';
import type { SessionContext } from '../auth/session-context';
import type { Queryable } from '../db/types';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { changedFields } from '@/sync/schema/json-equal';
import { assertNotErased, type ErasedLookup } from '../privacy/erased-records';
import { authorizeChange } from './authorize-change';
import { recordAuditEvents } from './record-audit';
import { signalLocalWrite } from './local-writes';
import { SCOPE_MOVE_TARGETS } from './scope-move-targets';
import { upsertRecords } from './record-sql';

/** The Postgres NOTIFY channel every record write signals (payload: tenant and collection). */
export const RECORD_CHANGES_CHANNEL = 'crm_record_changes';

/**
 * Tells every instance (NOTIFY) and this one's caches (at once) that `collection` of the tenant
 * changed for its phones: their live streams pull. Delivered at commit, never for a rollback.
 */
export async function announceChange(tx: Queryable, tenantId: string, collection: string): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [RECORD_CHANGES_CHANNEL, JSON.stringify({ t: tenantId, c: collection })]);
  // The collections this write may have moved into or out of a scope too: their triggers
  // NOTIFY for them, but this process's cache must hear of it before the writer's answer.
  for (const c of [collection, ...(SCOPE_MOVE_TARGETS[collection] ?? [])]) signalLocalWrite(tx, tenantId, c);
}

export type ChangeSource = 'sync' | 'api' | 'workflow' | 'import' | 'system';

export interface RecordChange {
  /** The record as it is now (read and locked in this transaction); null when new. */
  before: AnyWireDoc | null;
  after: AnyWireDoc;
}

export interface ApplyOptions {
  source: ChangeSource;
  /** Set when a workflow makes the change, so that workflow is not triggered by it again. */
  workflowId?: string;
  /**
   * The idempotency key of a single change (record_changes.client_mutation_id, unique per
   * tenant): a second write with the same key fails instead of applying twice.
   */
  mutationId?: string;
  /**
   * false: the audit entries name the changed fields but keep no before/after values. For
   * retention and erasure, whose deletes remove values: written into the audit log, those
   * values would live on for as long as the audit log is kept.
   */
  auditValues?: boolean;
  /**
   * The erased-contact lookup the caller already made in this transaction (the sync push asks
   * before it decides its rows): reused when it covers these changes, so a batch costs one query.
   */
  erased?: ErasedLookup;
}

/**
 * The system writing on a tenant's behalf (a published workflow's step): no person, so no
 * role rule applies; an owner or admin, with a second factor, published the workflow. Its
 * changes carry no actor id; the audit entry names the workflow.
 */
export interface SystemActor {
  tenantId: string;
  userId: null;
  role: null;
  ip?: undefined;
  userAgent?: undefined;
  requestId?: string;
  apiKeyId?: undefined;
}

export function systemActor(tenantId: string): SystemActor {
  return { tenantId, userId: null, role: null };
}

export interface AppliedChange {
  recordId: string;
  op: 'create' | 'update' | 'delete';
  changedFields: string[];
}

function opOf(before: AnyWireDoc | null, after: AnyWireDoc): AppliedChange['op'] | null {
  if (!before || before._deleted) return after._deleted ? null : 'create';
  return after._deleted ? 'delete' : 'update';
}

/**
 * The one write path for CRM records, inside the caller's tenant transaction: checks the
 * role rules and that no change brings an erased person back, writes the rows, appends one
 * record_changes row per change (the outbox that workflows read) and one audit entry per
 * change, and notifies the live stream, all committing together.
 * Changes that change nothing are skipped, so replaying a write is harmless.
 */
export async function applyChanges(
  tx: Queryable,
  actor: SessionContext | SystemActor,
  def: CollectionDef,
  changes: RecordChange[],
  options: ApplyOptions,
): Promise<AppliedChange[]> {
  const fields = [...def.fieldNames];
  const effective: (RecordChange & AppliedChange)[] = [];
  for (const change of changes) {
    const op = opOf(change.before, change.after);
    const diff = changedFields([...fields, '_deleted'], change.before, change.after);
    if (op === null || diff.length === 0) continue;
    if (actor.role !== null) authorizeChange(actor, def, change.before, change.after);
    effective.push({ ...change, recordId: change.after.id, op, changedFields: diff.filter((f) => f !== '_deleted') });
  }
  if (effective.length === 0) return [];
  // An erased person stays erased, whoever writes (lib/privacy/erased-records.ts).
  await assertNotErased(tx, actor.tenantId, def, effective, options.erased);
  if (options.mutationId !== undefined && effective.length > 1) throw new Error('a mutation id names one change');
  await upsertRecords(tx, def, actor.tenantId, effective.map((c) => c.after));
  await tx.query(
    `INSERT INTO record_changes (tenant_id, collection, record_id, op, before, after, changed_fields, actor_id, source, workflow_id, client_mutation_id)
     SELECT $1, $2, x.record_id, x.op, x.before, x.after, x.changed_fields, $3, $4, $5, $7
     FROM jsonb_to_recordset($6::jsonb) AS x(record_id uuid, op text, before jsonb, after jsonb, changed_fields text[])`,
    [
      actor.tenantId,
      def.name,
      actor.userId,
      options.source,
      options.workflowId ?? null,
      JSON.stringify(
        effective.map((c) => ({ record_id: c.recordId, op: c.op, before: c.before, after: c.after, changed_fields: c.changedFields })),
      ),
      options.mutationId ?? null,
    ],
  );
  // Same transaction: a record change and its audit entry commit or roll back together.
  await appendAuditMany(
    tx,
    actor.tenantId,
    recordAuditEvents(def.name, effective, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      ip: actor.ip,
      userAgent: actor.userAgent,
      requestId: actor.requestId,
      source: options.source,
      workflowId: options.workflowId,
      apiKeyId: actor.apiKeyId,
    }, { values: options.auditValues ?? true }),
  );
  await announceChange(tx, actor.tenantId, def.name);
  return effective.map(({ recordId, op, changedFields: cf }) => ({ recordId, op, changedFields: cf }));
}
