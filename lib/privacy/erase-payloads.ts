import 'server-only';
import type { Queryable } from '../db/types';
import { scrubbedTombstone } from '../records/scrubbed-tombstone';
import { findCollection, type AnyWireDoc } from '@/sync/schema/collections';
import { auditValuesMentioning, changesMentioning, redactMentionFields } from './mention-fields';
import { containsPattern, eraseRecordObjects, jsonWordPatterns, redactJson, redactText, REDACTED, wordPatterns } from './person-text';

// The payload side of an erasure: every column the personal data map (personal-data-map.ts)
// classifies as 'payload' has its eraser here, keyed by table, and personal-data-map.test.ts
// checks that the two lists agree. A row is "about" the erased records when a column says so
// (its record id, the record a run or an event is about): its copy of the person goes whole. In
// copies made elsewhere (a workflow's run on a deal, a notification's text, a webhook payload)
// the person's distinctive values are redacted; other records' own history keeps all but their
// mention fields (mention-fields.ts), like the records. A payload that names the contact only by
// id (a deal's contactId) holds no personal value and is kept.

/** What an eraser needs: the tenant, the erased records and the person's values. */
export interface ErasureScope {
  tenantId: string;
  /** The contact and its activities: the records erased. */
  erasedIds: string[];
  /**
   * The person's distinctive values (email, phone, full name), see person-text.ts, found as
   * whole words. Empty for id-based scrubbing only (retention): then no text is searched.
   */
  needles: string[];
  now: Date;
}

type Eraser = (tx: Queryable, s: ErasureScope) => Promise<number>;

/** `~*` patterns for a text column, and for a jsonb column's text (person-text.ts). */
const words = (s: ErasureScope) => wordPatterns(s.needles);
const jsonWords = (s: ErasureScope) => jsonWordPatterns(s.needles);

/** A stored document of an erased record without its values, keeping its shape, ids and times. */
function scrubbedDoc(collection: string, doc: Record<string, unknown> | null): Record<string, unknown> | null {
  const def = findCollection(collection);
  if (!doc || !def) return doc && {};
  const scrubbed = scrubbedTombstone(def, doc as AnyWireDoc, typeof doc.updatedAt === 'string' ? doc.updatedAt : '');
  // Only the collection's fields: a copy in an older spelling (snake_case, before 0012) keeps nothing.
  return { ...Object.fromEntries(def.fieldNames.map((f) => [f, scrubbed[f]])), _deleted: doc._deleted ?? false };
}

/**
 * Updates `column`s of the given rows (keyed by `key` columns) from JSON, in one statement.
 * Counts only rows whose value changed: a row the search found but the redaction left as it was
 * (the value outside a mention field, an erasure repeated) is neither written nor counted.
 */
async function rewrite(tx: Queryable, table: string, tenantId: string, key: Record<string, string>, columns: Record<string, string>, rows: Record<string, unknown>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const all = { ...key, ...columns };
  const r = await tx.query(
    `UPDATE ${table} t SET ${Object.keys(columns).map((c) => `${c} = x.${c}`).join(', ')}
     FROM jsonb_to_recordset($2::jsonb) AS x(${Object.entries(all).map(([c, type]) => `${c} ${type}`).join(', ')})
     WHERE t.tenant_id = $1 AND ${Object.keys(key).map((c) => `t.${c} = x.${c}`).join(' AND ')}
       AND (${Object.keys(columns).map((c) => `t.${c} IS DISTINCT FROM x.${c}`).join(' OR ')})`,
    [tenantId, JSON.stringify(rows)],
  );
  return r.rowCount;
}

/**
 * The change log: whole documents before and after each write. Those of an erased record keep
 * their shape, ids and times without a value; other records' history is treated like the
 * records themselves: the person's values go from their mention fields (mention-fields.ts).
 */
const recordChanges: Eraser = async (tx, s) => {
  const about = await tx.query<{ id: number; collection: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
    `SELECT id, collection, before, after FROM record_changes WHERE tenant_id = $1 AND record_id = ANY($2::uuid[])`,
    [s.tenantId, s.erasedIds],
  );
  const mentioning = await changesMentioning(tx, s.tenantId, s.needles, s.erasedIds);
  const rows = [
    ...about.rows.map((r) => ({ id: r.id, before: scrubbedDoc(r.collection, r.before), after: scrubbedDoc(r.collection, r.after) })),
    ...mentioning.map((r) => ({ id: r.id, before: redactMentionFields(r.collection, r.before, s.needles), after: redactMentionFields(r.collection, r.after, s.needles) })),
  ];
  return rewrite(tx, 'record_changes', s.tenantId, { id: 'bigint' }, { before: 'jsonb', after: 'jsonb' }, rows);
};

/**
 * Before/after values of audit entries: removed (never edited, since the chained entry holds
 * their hash), so the entry reads "values erased" and the chain still verifies. Those of the
 * erased records, and of other records' entries that name the person in a mention field. Run
 * after the tenant's pending entries were chained.
 */
const auditValues: Eraser = async (tx, s) => {
  const seqs = await auditValuesMentioning(tx, s.tenantId, s.needles);
  return (
    await tx.query(
      `DELETE FROM audit_values v WHERE v.tenant_id = $1
         AND (v.seq = ANY($3::bigint[]) OR EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = v.tenant_id AND a.seq = v.seq AND a.target_id = ANY($2::text[])))`,
      [s.tenantId, s.erasedIds, seqs],
    )
  ).rowCount;
};

/** Values of entries still pending after the sequencer's pass (it refused them: tampered), about the erased records. */
const auditPending: Eraser = async (tx, s) =>
  (await tx.query(`UPDATE audit_pending SET changes = NULL WHERE tenant_id = $1 AND changes IS NOT NULL AND target_id = ANY($2::text[])`, [s.tenantId, s.erasedIds])).rowCount;

/**
 * Runs about an erased record lose their trigger payload (what remains says which fields changed
 * and `erased: true`, as retention's `expired`) and are cancelled if still going: a run resumed
 * later would act on a person who is gone. Other runs carrying the person's values have them redacted.
 */
const workflowRuns: Eraser = async (tx, s) => {
  const erasedTrigger = `jsonb_build_object('erased', true, 'changedFields', coalesce(trigger->'changedFields', '[]'::jsonb))`;
  const about = await tx.query<{ id: string }>(
    `UPDATE workflow_runs SET trigger = ${erasedTrigger},
       error = CASE WHEN error ~* ANY($4::text[]) THEN $5 ELSE error END,
       finished_at = CASE WHEN status IN ('queued', 'running', 'waiting') THEN $3 ELSE finished_at END,
       wake_at = CASE WHEN status IN ('queued', 'running', 'waiting') THEN NULL ELSE wake_at END,
       status = CASE WHEN status IN ('queued', 'running', 'waiting') THEN 'cancelled' ELSE status END,
       updated_at = $3
     WHERE tenant_id = $1 AND record_id = ANY($2::uuid[])
       AND (trigger IS DISTINCT FROM ${erasedTrigger} OR error ~* ANY($4::text[]) OR status IN ('queued', 'running', 'waiting'))
     RETURNING id`,
    [s.tenantId, s.erasedIds, s.now.toISOString(), words(s), REDACTED],
  );
  if (s.needles.length === 0) return about.rowCount;
  const mentioning = await tx.query<{ id: string; trigger: unknown; error: string | null }>(
    `SELECT id, trigger, error FROM workflow_runs
     WHERE tenant_id = $1 AND NOT coalesce(record_id = ANY($2::uuid[]), false) AND (trigger::text ~* ANY($3::text[]) OR error ~* ANY($4::text[]))`,
    [s.tenantId, s.erasedIds, jsonWords(s), words(s)],
  );
  const rows = mentioning.rows.map((r) => ({ id: r.id, trigger: redactJson(r.trigger, s.needles), error: r.error && redactText(r.error, s.needles) }));
  return about.rowCount + (await rewrite(tx, 'workflow_runs', s.tenantId, { id: 'uuid' }, { trigger: 'jsonb', error: 'text' }, rows));
};

/** Step history: inputs and outputs of runs about an erased record go; elsewhere the values are redacted. */
const workflowRunSteps: Eraser = async (tx, s) => {
  const about = await tx.query(
    `UPDATE workflow_run_steps st SET input = NULL, output = NULL, error = CASE WHEN st.error ~* ANY($3::text[]) THEN $4 ELSE st.error END
     FROM workflow_runs r
     WHERE st.tenant_id = $1 AND r.tenant_id = st.tenant_id AND r.id = st.run_id AND r.record_id = ANY($2::uuid[])
       AND (st.input IS NOT NULL OR st.output IS NOT NULL OR st.error ~* ANY($3::text[]))`,
    [s.tenantId, s.erasedIds, words(s), REDACTED],
  );
  if (s.needles.length === 0) return about.rowCount;
  const mentioning = await tx.query<{ run_id: string; seq: number; input: unknown; output: unknown; error: string | null }>(
    `SELECT run_id, seq, input, output, error FROM workflow_run_steps
     WHERE tenant_id = $1 AND (input::text ~* ANY($2::text[]) OR output::text ~* ANY($2::text[]) OR error ~* ANY($3::text[]))`,
    [s.tenantId, jsonWords(s), words(s)],
  );
  const rows = mentioning.rows.map((r) => ({ run_id: r.run_id, seq: r.seq, input: redactJson(r.input, s.needles), output: redactJson(r.output, s.needles), error: r.error && redactText(r.error, s.needles) }));
  return about.rowCount + (await rewrite(tx, 'workflow_run_steps', s.tenantId, { run_id: 'uuid', seq: 'integer' }, { input: 'jsonb', output: 'jsonb', error: 'text' }, rows));
};

/**
 * Outgoing webhook deliveries (and, by cascade, their attempts): events about an erased record
 * are deleted, sent or not (receivers get the erasure itself as a `deleted` event without the
 * values); other payloads carrying the person's values have them redacted.
 */
const webhookDeliveries: Eraser = async (tx, s) => {
  const about = await tx.query(
    `DELETE FROM webhook_deliveries WHERE tenant_id = $1
       AND (payload->'data'->>'id' = ANY($2::text[]) OR payload->'data'->>'recordId' = ANY($2::text[]))`,
    [s.tenantId, s.erasedIds],
  );
  if (s.needles.length === 0) return about.rowCount;
  const mentioning = await tx.query<{ id: string; payload: unknown; last_error: string | null }>(
    `SELECT id, payload, last_error FROM webhook_deliveries WHERE tenant_id = $1 AND (payload::text ~* ANY($2::text[]) OR last_error ~* ANY($3::text[]))`,
    [s.tenantId, jsonWords(s), words(s)],
  );
  const rows = mentioning.rows.map((r) => ({ id: r.id, payload: redactJson(r.payload, s.needles), last_error: r.last_error && redactText(r.last_error, s.needles) }));
  return about.rowCount + (await rewrite(tx, 'webhook_deliveries', s.tenantId, { id: 'uuid' }, { payload: 'jsonb', last_error: 'text' }, rows));
};

/** Values set aside in sync conflicts: those of an erased record are deleted, others redacted. */
const recordConflicts: Eraser = async (tx, s) => {
  const about = await tx.query(`DELETE FROM record_conflicts WHERE tenant_id = $1 AND record_id = ANY($2::uuid[])`, [s.tenantId, s.erasedIds]);
  if (s.needles.length === 0) return about.rowCount;
  const mentioning = await tx.query<{ id: number; lost_value: unknown; kept_value: unknown }>(
    `SELECT id, lost_value, kept_value FROM record_conflicts WHERE tenant_id = $1 AND (lost_value::text ~* ANY($2::text[]) OR kept_value::text ~* ANY($2::text[]))`,
    [s.tenantId, jsonWords(s)],
  );
  const rows = mentioning.rows.map((r) => ({ id: r.id, lost_value: redactJson(r.lost_value, s.needles), kept_value: redactJson(r.kept_value, s.needles) }));
  return about.rowCount + (await rewrite(tx, 'record_conflicts', s.tenantId, { id: 'bigint' }, { lost_value: 'jsonb', kept_value: 'jsonb' }, rows));
};

/**
 * Stored API answers (Idempotency-Key repeats): an erased record in an answer becomes
 * `{ id, erased: true }`, so a client repeating its request learns the record is gone and
 * nothing is written again; the person's values elsewhere in it are redacted.
 */
const apiIdempotency: Eraser = async (tx, s) => {
  const { rows } = await tx.query<{ api_key_id: string; idempotency_key: string; response: unknown; headers: unknown }>(
    `SELECT api_key_id, idempotency_key, response, headers FROM api_idempotency WHERE tenant_id = $1
       AND (response::text ILIKE ANY($2::text[]) OR response::text ~* ANY($3::text[]) OR headers::text ~* ANY($3::text[]))`,
    [s.tenantId, s.erasedIds.map(containsPattern), jsonWords(s)],
  );
  const ids = new Set(s.erasedIds);
  const out = rows.map((r) => ({ ...r, response: redactJson(eraseRecordObjects(r.response, ids), s.needles), headers: redactJson(r.headers, s.needles) }));
  return rewrite(tx, 'api_idempotency', s.tenantId, { api_key_id: 'uuid', idempotency_key: 'text' }, { response: 'jsonb', headers: 'jsonb' }, out);
};

/** In-app notifications (workflow messages, failed-run alerts): the person's values redacted. */
const notifications: Eraser = async (tx, s) => {
  if (s.needles.length === 0) return 0;
  const { rows } = await tx.query<{ id: string; title: string; body: string | null; link: string | null }>(
    `SELECT id, title, body, link FROM notifications WHERE tenant_id = $1 AND (title ~* ANY($2::text[]) OR body ~* ANY($2::text[]) OR link ~* ANY($2::text[]))`,
    [s.tenantId, words(s)],
  );
  const out = rows.map((r) => ({ id: r.id, title: redactText(r.title, s.needles), body: r.body && redactText(r.body, s.needles), link: r.link && redactText(r.link, s.needles) }));
  return rewrite(tx, 'notifications', s.tenantId, { id: 'uuid' }, { title: 'text', body: 'text', link: 'text' }, out);
};

/**
 * The mail outbox: mail to the person (its address is one of their email addresses, ignoring
 * case) is deleted; other mail naming them, to whoever it went, has the values redacted and stays.
 */
const mailOutbox: Eraser = async (tx, s) => {
  if (s.needles.length === 0) return 0;
  const to = await tx.query(`DELETE FROM mail_outbox WHERE tenant_id = $1 AND lower(trim(to_address)) IN (SELECT lower(n) FROM unnest($2::text[]) n)`, [s.tenantId, s.needles]);
  const { rows } = await tx.query<{ id: number; subject: string; body_text: string }>(
    `SELECT id, subject, body_text FROM mail_outbox WHERE tenant_id = $1 AND (subject ~* ANY($2::text[]) OR body_text ~* ANY($2::text[]))`,
    [s.tenantId, words(s)],
  );
  const out = rows.map((r) => ({ id: r.id, subject: redactText(r.subject, s.needles), body_text: redactText(r.body_text, s.needles) }));
  return to.rowCount + (await rewrite(tx, 'mail_outbox', s.tenantId, { id: 'bigint' }, { subject: 'text', body_text: 'text' }, out));
};

/**
 * Every payload table's eraser, in the order an erasure runs them, with the summary key its
 * count goes under. The audit tables come last: they run after the pending entries were chained.
 */
export const PAYLOAD_ERASERS = {
  record_changes: { summary: 'changes', erase: recordChanges },
  workflow_runs: { summary: 'workflowRuns', erase: workflowRuns },
  workflow_run_steps: { summary: 'workflowSteps', erase: workflowRunSteps },
  webhook_deliveries: { summary: 'webhookDeliveries', erase: webhookDeliveries },
  record_conflicts: { summary: 'conflicts', erase: recordConflicts },
  api_idempotency: { summary: 'apiAnswers', erase: apiIdempotency },
  notifications: { summary: 'notifications', erase: notifications },
  mail_outbox: { summary: 'mails', erase: mailOutbox },
  audit_pending: { summary: 'pendingAuditValues', erase: auditPending },
  audit_values: { summary: 'auditValues', erase: auditValues },
} as const satisfies Record<string, { summary: string; erase: Eraser }>;

export type PayloadTable = keyof typeof PAYLOAD_ERASERS;

/** Tables whose erasers need the tenant's pending audit entries chained first. */
export const AFTER_CHAINING: readonly PayloadTable[] = ['audit_pending', 'audit_values'];
