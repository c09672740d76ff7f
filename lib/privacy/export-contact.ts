import 'server-only';
import { sequenceAudit } from '../audit/sequence-audit';
import type { SessionContext } from '../auth/session-context';
import { getDb } from '../db/open-database';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { docJsonSql } from '../records/record-sql';
import { collectionDef, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { loadContactSubject } from './contact-subject';
import { auditValuesMentioning, changesMentioning, MENTION_FIELDS } from './mention-fields';
import { containsPattern, jsonWordPatterns, wordPatterns } from './person-text';
import { recordPrivacyRequest } from './privacy-requests';
import type { ExportFormat, PrivacyRequest } from './privacy-schemas';
import { EXPORT_SECTIONS, type ContactExport, type ExportRow } from './contact-export';
import { exportToCsv } from './export-csv';

async function readDocs(tx: Queryable, def: CollectionDef, tenantId: string, ids: string[]): Promise<AnyWireDoc[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ doc: string }>(`SELECT ${docJsonSql(def)}::text AS doc FROM ${def.table} WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id`, [tenantId, ids]);
  return rows.map((r) => JSON.parse(r.doc) as AnyWireDoc);
}

/** Activities and deals (other than `except`) whose free text names the person, tagged with their collection. */
async function readMentions(tx: Queryable, tenantId: string, needles: string[], except: string[]): Promise<ExportRow[]> {
  if (needles.length === 0) return [];
  const out: ExportRow[] = [];
  for (const def of [collectionDef('activities'), collectionDef('deals')]) {
    const columns = MENTION_FIELDS[def.name]!.map((f) => `${def.columnOf[f]} ~* ANY($2::text[])`).join(' OR ');
    const { rows } = await tx.query<{ doc: string }>(
      `SELECT ${docJsonSql(def)}::text AS doc FROM ${def.table} WHERE tenant_id = $1 AND NOT (id = ANY($3::uuid[])) AND (${columns}) ORDER BY id`,
      [tenantId, wordPatterns(needles), except],
    );
    out.push(...rows.map((r) => ({ collection: def.name, ...(JSON.parse(r.doc) as AnyWireDoc) })));
  }
  return out;
}

/** Reads every section, in the caller's tenant transaction. */
export async function collectContactData(tx: Queryable, tenantId: string, contactId: string, now = new Date()): Promise<ContactExport> {
  const subject = await loadContactSubject(tx, tenantId, contactId);
  const recordIds = [contactId, ...subject.activityIds, ...subject.dealIds];
  // Copies are found by the person's own records (not the deals: a deal's copies are the
  // organization's, and name the contact by its id anyway) or by their values as whole words,
  // as the erasure finds them (person-text.ts). $ids, $json and $text below are these:
  const idPatterns = [contactId, ...subject.activityIds].map(containsPattern);
  const byJson = (col: string) => `(${col}::text ILIKE ANY($ids) OR ${col}::text ~* ANY($json))`;
  const byText = (col: string) => `(${col} ILIKE ANY($ids) OR ${col} ~* ANY($text))`;
  const found = { ids: idPatterns, json: jsonWordPatterns(subject.needles), text: wordPatterns(subject.needles) };
  // Other records' history that names the person in a mention field: what the erasure redacts.
  const mentionChanges = (await changesMentioning(tx, tenantId, subject.needles, recordIds)).map((r) => r.id);
  const mentionAudit = await auditValuesMentioning(tx, tenantId, subject.needles);
  const q = async (sql: string, params: unknown[]) => (await tx.query<ExportRow>(sql, params)).rows;
  /** Runs `sql` whose $ids, $json and $text stand for the search arrays, after `params` ($1..). */
  const qFound = async (sql: string, params: unknown[]) => {
    // Only the arrays the statement uses are bound, numbered in order of first use.
    const used: (keyof typeof found)[] = [];
    const bound = sql.replace(/\$(ids|json|text)\b/g, (_, name: keyof typeof found) => {
      if (!used.includes(name)) used.push(name);
      return `$${params.length + 1 + used.indexOf(name)}::text[]`;
    });
    return q(bound, [...params, ...used.map((name) => found[name])]);
  };
  const runs = await qFound(
    `SELECT r.id, r.workflow_id AS "workflowId", w.name AS "workflowName", r.status, r.trigger_type AS "triggerType",
            r.record_collection AS "recordCollection", r.record_id AS "recordId", r.trigger, r.error,
            r.created_at AS "createdAt", r.finished_at AS "finishedAt"
     FROM workflow_runs r LEFT JOIN workflows w ON w.tenant_id = r.tenant_id AND w.id = r.workflow_id
     WHERE r.tenant_id = $1 AND (r.record_id = ANY($2::uuid[]) OR ${byJson('r.trigger')} OR ${byText('r.error')}
       OR EXISTS (SELECT 1 FROM workflow_run_steps s WHERE s.tenant_id = r.tenant_id AND s.run_id = r.id
                  AND (${byJson('s.input')} OR ${byJson('s.output')} OR ${byText('s.error')})))
     ORDER BY r.created_at, r.id`,
    [tenantId, recordIds],
  );
  const steps = await q(
    `SELECT run_id AS "runId", seq, step_id AS "stepId", step_type AS "stepType", attempt, status, input, output, decision, error,
            started_at AS "startedAt", finished_at AS "finishedAt"
     FROM workflow_run_steps WHERE tenant_id = $1 AND run_id = ANY($2::uuid[]) ORDER BY run_id, seq`,
    [tenantId, runs.map((r) => r.id)],
  );
  return {
    exportedAt: now.toISOString(),
    subject: { type: 'contact', id: contactId },
    contact: subject.contact,
    activities: await readDocs(tx, collectionDef('activities'), tenantId, subject.activityIds),
    deals: await readDocs(tx, collectionDef('deals'), tenantId, subject.dealIds),
    mentions: await readMentions(tx, tenantId, subject.needles, recordIds),
    changes: await q(
      `SELECT id::text AS id, collection, record_id AS "recordId", op, occurred_at AS "occurredAt", source, actor_id AS "actorId",
              workflow_id AS "workflowId", changed_fields AS "changedFields", before, after
       FROM record_changes WHERE tenant_id = $1 AND (record_id = ANY($2::uuid[]) OR id = ANY($3::bigint[])) ORDER BY id`,
      [tenantId, recordIds, mentionChanges],
    ),
    auditEntries: await q(
      `SELECT a.seq::text AS id, a.seq, a.occurred_at AS "occurredAt", a.actor_id AS "actorId", a.action, a.target_type AS "targetType",
              a.target_id AS "targetId", a.data, v.changes AS "values"
       FROM audit_log a LEFT JOIN audit_values v ON v.tenant_id = a.tenant_id AND v.seq = a.seq
       WHERE a.tenant_id = $1 AND (a.target_id = ANY($2::text[]) OR a.seq = ANY($3::bigint[])) ORDER BY a.seq`,
      [tenantId, recordIds, mentionAudit],
    ),
    workflowRuns: runs.map((r) => ({ ...r, steps: steps.filter((s) => s.runId === r.id).map(({ runId: _r, ...s }) => s) })),
    webhookDeliveries: await qFound(
      `SELECT d.id, d.subscription_id AS "subscriptionId", d.event_id AS "eventId", d.event_type AS "eventType", d.status, d.attempts,
              d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", d.payload
       FROM webhook_deliveries d WHERE d.tenant_id = $1 AND ${byJson('d.payload')} ORDER BY d.id`,
      [tenantId],
    ),
    conflicts: await qFound(
      `SELECT id::text AS id, collection, record_id AS "recordId", field, kind, lost_value AS "lostValue", kept_value AS "keptValue",
              lost_by AS "lostBy", lost_at AS "lostAt", kept_by AS "keptBy", kept_at AS "keptAt", noticed_at AS "noticedAt"
       FROM record_conflicts WHERE tenant_id = $1
         AND (record_id = ANY($2::uuid[]) OR ${byJson('lost_value')} OR ${byJson('kept_value')})
       ORDER BY id`,
      [tenantId, recordIds],
    ),
    notifications: await qFound(
      `SELECT id, user_id AS "userId", kind, title, body, link, created_at AS "createdAt", read_at AS "readAt"
       FROM notifications WHERE tenant_id = $1 AND (${byText('title')} OR ${byText('body')} OR ${byText('link')})
       ORDER BY created_at, id`,
      [tenantId],
    ),
    // Mail to one of the person's addresses (as the erasure deletes it) or naming them.
    mail: await qFound(
      `SELECT id::text AS id, to_address AS "to", subject, body_text AS "text", created_at AS "createdAt"
       FROM mail_outbox WHERE tenant_id = $1
         AND (lower(trim(to_address)) IN (SELECT lower(n) FROM unnest($2::text[]) n) OR ${byText('subject')} OR ${byText('body_text')})
       ORDER BY id`,
      [tenantId, subject.needles],
    ),
    apiAnswers: await qFound(
      `SELECT api_key_id || ':' || idempotency_key AS id, api_key_id AS "apiKeyId", idempotency_key AS "idempotencyKey", status, response, headers, created_at AS "createdAt"
       FROM api_idempotency WHERE tenant_id = $1 AND (${byJson('response')} OR headers::text ~* ANY($json)) ORDER BY created_at`,
      [tenantId],
    ),
  };
}

/** How many items each section holds: the request's summary (never a value). */
export function exportSummary(data: ContactExport): Record<string, number> {
  const summary: Record<string, number> = { contacts: data.contact ? 1 : 0 };
  for (const section of EXPORT_SECTIONS) summary[section] = data[section].length;
  summary.auditValues = data.auditEntries.filter((e) => e.values !== null).length;
  return summary;
}

export interface ExportFile {
  body: string;
  contentType: string;
  fileName: string;
  request: PrivacyRequest;
}

/**
 * Exports everything held about a contact of the caller's tenant as one JSON document or a CSV
 * table (section, recordId, field, value), and records the request (kind export, counts only)
 * with its audit entry, in one tenant transaction. 404 for a contact of another tenant.
 */
export async function exportContact(ctx: SessionContext, contactId: string, format: ExportFormat, db?: Database): Promise<ExportFile> {
  const database = db ?? (await getDb());
  // Sequence before read: entries written moments ago belong in the export.
  await sequenceAudit(ctx.tenantId, database);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const data = await collectContactData(tx, ctx.tenantId, contactId);
      const summary = exportSummary(data);
      const request = await recordPrivacyRequest(tx, ctx, 'export', contactId, summary, { format });
      return format === 'json'
        ? { body: JSON.stringify(data, null, 2), contentType: 'application/json', fileName: `contact-${contactId}.json`, request }
        : { body: exportToCsv(data), contentType: 'text/csv', fileName: `contact-${contactId}.csv`, request };
    },
    database,
  );
}
