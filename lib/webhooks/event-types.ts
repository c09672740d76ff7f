// Shared with the browser (the developer portal lists and picks them): the events outgoing
// webhooks can subscribe to. One list, so the subscription validator, the fan-out worker and the
// docs cannot disagree.
import { z } from 'zod';
import { COLLECTION_NAMES, type CollectionName } from '@/sync/schema/collections';

/** What happened to a record, as the event name says it. */
const RECORD_ACTIONS = { create: 'created', update: 'updated', delete: 'deleted' } as const;
export type RecordOp = keyof typeof RECORD_ACTIONS;

/** A record event: `<collection>.<created|updated|deleted>`, e.g. `contacts.created`. */
export type RecordEventType = `${CollectionName}.${(typeof RECORD_ACTIONS)[RecordOp]}`;
export type RunEventType = 'workflow_run.finished' | 'workflow_run.failed';
export type WebhookEventType = RecordEventType | RunEventType;

/** The event a record_changes row (collection and op) becomes. */
export function recordEventType(collection: CollectionName, op: RecordOp): RecordEventType {
  return `${collection}.${RECORD_ACTIONS[op]}`;
}

/** A run that ended: `succeeded` → `workflow_run.finished`, `failed` → `workflow_run.failed`. */
export function runEventType(status: 'succeeded' | 'failed'): RunEventType {
  return status === 'succeeded' ? 'workflow_run.finished' : 'workflow_run.failed';
}

/** Every event type, records first (collection by collection), then workflow runs. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  ...COLLECTION_NAMES.flatMap((c) => (Object.keys(RECORD_ACTIONS) as RecordOp[]).map((op) => recordEventType(c, op))),
  'workflow_run.finished',
  'workflow_run.failed',
];

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES as [WebhookEventType, ...WebhookEventType[]], {
  // The input is not echoed: it may be anything, of any length.
  error: `unknown event type; one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
});
