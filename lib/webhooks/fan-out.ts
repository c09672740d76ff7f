import 'server-only';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { Database, Queryable } from '../db/types';
import type { CollectionName } from '@/sync/schema/collections';
import { recordEventType, runEventType, type RecordOp, type WebhookEventType } from './event-types';
import { MAX_ATTEMPTS } from './webhook-settings';
import { fanoutJobSchema, ownerTransaction, queueDelivery } from './webhook-queue';

/** An event as receivers get it (the Standard Webhooks payload shape: type, timestamp, data). */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  payload: { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };
}

// Event ids are derived from their cause (uuid v5 in this namespace), so a fan-out job that
// runs twice (a crash before it completed) finds the deliveries it made and makes no twins.
const EVENT_NAMESPACE = '5b1e0c36-5f0e-4c8e-9d0a-6c1f3f0b7a21';
const eventId = (tenantId: string, cause: string) => `evt_${uuidv5(`${tenantId}:${cause}`, EVENT_NAMESPACE)}`;

type ChangeRow = {
  id: string | number;
  collection: CollectionName;
  record_id: string;
  op: RecordOp;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changed_fields: string[];
  actor_id: string | null;
  source: string;
  occurred_at: Date | string;
};

/** A document as receivers see it: the wire document without the sync tombstone flag. */
function document(doc: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!doc) return null;
  const { _deleted: _omit, ...rest } = doc;
  return rest;
}

function changeEvent(tenantId: string, c: ChangeRow): WebhookEvent {
  const type = recordEventType(c.collection, c.op);
  return {
    id: eventId(tenantId, `change:${c.id}`),
    type,
    payload: {
      type,
      timestamp: new Date(c.occurred_at).toISOString(),
      data: {
        collection: c.collection,
        id: c.record_id,
        // Deleted: the record as it was when it was deleted.
        record: document(c.op === 'delete' ? (c.before ?? c.after) : c.after),
        previous: c.op === 'update' ? document(c.before) : null,
        changedFields: c.changed_fields,
        source: c.source,
        actorId: c.actor_id,
      },
    },
  };
}

async function changeEvents(tx: Queryable, tenantId: string, changeIds: number[]): Promise<WebhookEvent[]> {
  const r = await tx.query<ChangeRow>(
    `SELECT id, collection, record_id, op, before, after, changed_fields, actor_id, source, occurred_at
     FROM record_changes WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
    [tenantId, changeIds],
  );
  return r.rows.map((c) => changeEvent(tenantId, c));
}

type RunRow = {
  id: string;
  workflow_id: string;
  workflow_name: string;
  status: 'succeeded' | 'failed';
  error: string | null;
  trigger_type: string;
  record_collection: string | null;
  record_id: string | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

async function runEvents(tx: Queryable, tenantId: string, job: { runId: string; status: 'succeeded' | 'failed'; finishedAt: string }): Promise<WebhookEvent[]> {
  const r = await tx.query<RunRow>(
    `SELECT r.id, r.workflow_id, w.name AS workflow_name, r.status, r.error, r.trigger_type, r.record_collection, r.record_id, r.started_at, r.finished_at
     FROM workflow_runs r JOIN workflows w ON w.tenant_id = r.tenant_id AND w.id = r.workflow_id
     WHERE r.tenant_id = $1 AND r.id = $2`,
    [tenantId, job.runId],
  );
  const run = r.rows[0];
  if (!run) return [];
  const type = runEventType(job.status);
  // The status the run ended with when the job was queued (it may have been retried since).
  return [
    {
      id: eventId(tenantId, `run:${run.id}:${job.status}:${job.finishedAt}`),
      type,
      payload: {
        type,
        timestamp: new Date(job.finishedAt).toISOString(),
        data: {
          runId: run.id,
          workflowId: run.workflow_id,
          workflowName: run.workflow_name,
          status: job.status,
          error: job.status === 'failed' ? run.error : null,
          triggerType: run.trigger_type,
          recordCollection: run.record_collection,
          recordId: run.record_id,
          startedAt: iso(run.started_at),
          finishedAt: new Date(job.finishedAt).toISOString(),
        },
      },
    },
  ];
}

/**
 * Works one fan-out job: builds its events and makes one delivery per active subscription that
 * wants each, queuing its first attempt, all in one transaction. Running it twice makes nothing
 * new. Returns the number of deliveries made.
 */
export async function fanOut(db: Database, data: unknown): Promise<number> {
  const job = fanoutJobSchema.parse(data);
  return ownerTransaction(db, job.tenantId, async (tx) => {
    const events = 'changeIds' in job ? await changeEvents(tx, job.tenantId, job.changeIds) : await runEvents(tx, job.tenantId, job);
    if (events.length === 0) return 0;
    const subs = await tx.query<{ id: string; event_types: string[] }>('SELECT id, event_types FROM webhook_subscriptions WHERE tenant_id = $1 AND active ORDER BY id', [job.tenantId]);
    const rows = events.flatMap((e) =>
      subs.rows.filter((s) => s.event_types.includes(e.type)).map((s) => ({ id: uuidv7(), subscription_id: s.id, event_id: e.id, event_type: e.type, payload: e.payload })),
    );
    if (rows.length === 0) return 0;
    const made = await tx.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, event_type, payload, attempt_limit, next_attempt_at)
       SELECT $1, x.id, x.subscription_id, x.event_id, x.event_type, x.payload, $3, now()
       FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, subscription_id uuid, event_id text, event_type text, payload jsonb)
       ON CONFLICT (tenant_id, subscription_id, event_id) DO NOTHING
       RETURNING id`,
      [job.tenantId, JSON.stringify(rows), MAX_ATTEMPTS],
    );
    // In id order: uuidv7 ids follow the events' order, so a receiver gets them in change order
    // when nothing fails (no promise beyond that: retries reorder).
    for (const { id } of [...made.rows].sort((a, b) => (a.id < b.id ? -1 : 1))) await queueDelivery(tx, { tenantId: job.tenantId, deliveryId: id });
    return made.rows.length;
  });
}
