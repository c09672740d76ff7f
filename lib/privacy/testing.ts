import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { createApiKey } from '../api-keys/api-keys';
import { createHandler } from '../api-v1/handlers';
import type { SessionContext } from '../auth/session-context';
import type { Database, Queryable } from '../db/types';
import { withSystem, withTenant } from '../db/with-tenant';
import { outboxMailer } from '../mail/mailer';
import { applyChanges } from '../records/apply-changes';
import { lockRecords, readRecord } from '../records/record-sql';
import { createWebhook } from '../webhooks/manage-webhooks';
import { startReceiver, type WebhookReceiver } from '../webhooks/testing';
import { createWebhookInput } from '../webhooks/webhook-input';
import { drainWebhooks } from '../webhooks/webhook-workers';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from '../workflows/definition';
import { drain } from '../workflows/runner';
import { ADMIN_A, TENANT_A, TENANT_B, adminA, adminB, publish, secret, startHookServer, type EngineFixture, type HookServer } from '../workflows/testing';
import { collectionDef, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';

// Test tooling for privacy requests: one person (a contact of tenant A) with data in every place
// that can hold it, written through the real paths (API v1 with an Idempotency-Key, the record
// pipeline, a published workflow that notifies, makes a task, calls a webhook and waits, an
// outgoing webhook subscription, a sync conflict, a mail), beside people who must stay untouched.

/** The person, with values found nowhere else, so a search for them finds only their traces. */
export const PERSON = {
  firstName: 'Zelinda',
  lastName: 'Quorvath-Mbeki',
  email: 'zelinda.quorvath@lighthouse-example.org',
  oldEmail: 'z.quorvath@old-mail-example.net',
  phone: '+44 20 7946 0958',
  title: 'Chief Lighthouse Keeper',
} as const;

/** Every value of the person a trace search looks for (names on their own too). */
export const PERSON_VALUES: readonly string[] = [PERSON.firstName, PERSON.lastName, `${PERSON.firstName} ${PERSON.lastName}`, PERSON.email, PERSON.oldEmail, PERSON.phone, PERSON.title];

/** Another contact of tenant A: erasing the person must leave all of theirs. */
export const OTHER = { firstName: 'Bartholomew', lastName: 'Ostrander', email: 'b.ostrander@harbour-example.com', phone: '+1 415 555 0199', title: 'Harbour Master' } as const;

const DAY_S = 24 * 3600;
const CONTACTS = collectionDef('contacts');
const ACTIVITIES = collectionDef('activities');
const DEALS = collectionDef('deals');

export interface SeededPerson {
  contactId: string;
  /** The person's contact as the phone held it before the title was set (for a stale push). */
  earlyContact: AnyWireDoc;
  /** A visit linked to the person. */
  visitId: string;
  /** The task the workflow made, linked to the person. */
  taskId: string;
  /** A deal the person is on. */
  dealId: string;
  /** A deal not linked to the person but named after them. */
  mentionDealId: string;
  /** A note not linked to the person that names them. */
  mentionNoteId: string;
  otherContactId: string;
  /** The same person's values in tenant B: another organization's record, never touched. */
  tenantBContactId: string;
  workflowId: string;
  /** The receivers of the workflow's webhook step and of the outgoing webhooks. */
  hooks: HookServer;
  receiver: WebhookReceiver;
  apiToken: string;
}

/** Writes one record through the record pipeline as `actor` (a person's sync push would). */
export async function writeRecord(db: Database, actor: SessionContext, def: CollectionDef, doc: Partial<AnyWireDoc> & { id: string }): Promise<AnyWireDoc> {
  return withTenant(
    actor.tenantId,
    async (tx) => {
      const before = (await lockRecords(tx, def, actor.tenantId, [doc.id])).get(doc.id) ?? null;
      const now = new Date().toISOString();
      const fresh = Object.fromEntries(def.fieldNames.map((f) => [f, def.fields[f]!.empty]));
      const after = def.wireSchema.parse({ ...fresh, createdAt: now, _deleted: false, ...(before ?? {}), ...doc, updatedAt: now }) as AnyWireDoc;
      await applyChanges(tx, actor, def, [{ before, after }], { source: 'sync' });
      return after;
    },
    db,
  );
}

/** Runs every queued workflow step and webhook delivery. */
export async function settleQueues(fx: EngineFixture): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await drain(fx.engine);
    await drainWebhooks(fx.t.db, fx.boss, { allowPrivateTargets: true });
  }
}

/** A conflict as sync/server/conflict-notices.ts notes it (lib may not import sync/server): the phone's title set aside, the server's kept. */
async function noteConflictLikePush(db: Database, contactId: string, lost: string, kept: string): Promise<void> {
  await withTenant(
    TENANT_A,
    (tx) =>
      tx.query(
        `INSERT INTO record_conflicts (tenant_id, collection, record_id, field, kind, lost_value, kept_value, lost_by, lost_at, kept_by, kept_source, kept_at, fingerprint)
         VALUES ($1, 'contacts', $2, 'title', 'field', $3::jsonb, $4::jsonb, $5, now(), $5, 'sync', now(), $6)`,
        [TENANT_A, contactId, JSON.stringify(lost), JSON.stringify(kept), ADMIN_A, uuidv7()],
      ),
    db,
  );
}

function leadWorkflow(hookUrl: string, secretId: string): WorkflowDefinition {
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    trigger: { type: 'record', collection: 'contacts', events: ['create'] },
    steps: [
      { id: 'tell', type: 'notify', name: 'Tell', recipient: { type: 'user', userId: ADMIN_A }, message: 'New lead {{record.firstName}} {{record.lastName}} <{{record.email}}>' },
      { id: 'task', type: 'create_record', name: 'Task', kind: 'task', subject: 'Call {{record.firstName}} {{record.lastName}}', dueInHours: 24, assignee: { type: 'user', userId: ADMIN_A } },
      { id: 'hook', type: 'webhook', name: 'Tell the ERP', url: hookUrl, secretId, body: '{"email":"{{record.email}}","phone":"{{record.phone}}"}', timeoutMs: 5_000 },
      { id: 'wait', type: 'wait', name: 'Wait a day', wait: { mode: 'duration', seconds: DAY_S } },
      { id: 'again', type: 'notify', name: 'Remind', recipient: { type: 'user', userId: ADMIN_A }, message: 'Follow up with {{record.firstName}} {{record.lastName}}' },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'tell' },
      { id: 'e2', source: 'tell', target: 'task' },
      { id: 'e3', source: 'task', target: 'hook' },
      { id: 'e4', source: 'hook', target: 'wait' },
      { id: 'e5', source: 'wait', target: 'again' },
    ],
  } as WorkflowDefinition;
}

async function apiCreateContact(token: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<AnyWireDoc> {
  const headers = new Headers({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  if (idempotencyKey) headers.set('idempotency-key', idempotencyKey);
  const res = await createHandler(new Request('http://localhost/api/v1/contacts', { method: 'POST', headers, body: JSON.stringify(body) }), 'contacts');
  if (res.status !== 201) throw new Error(`API v1 create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as AnyWireDoc;
}

/**
 * Seeds the person everywhere in tenant A of an engine fixture (lib/workflows/testing.ts), plus
 * another contact of A and the same values in tenant B. The process default database must be
 * the fixture's (setDb) and auth secrets prepared (prepareAuthSecrets): API v1 uses both.
 * `noteConflict` makes the sync conflict: a real push where the caller may import sync/server,
 * else a row written as the push writes it.
 */
export async function seedPerson(
  fx: EngineFixture,
  noteConflict: (early: AnyWireDoc) => Promise<void> = (early) => noteConflictLikePush(fx.t.db, early.id, 'Head Keeper', PERSON.title),
): Promise<SeededPerson> {
  const db = fx.t.db;
  const receiver = await startReceiver();
  const hookSecret = 'whsec_privacy_test_0123456789';
  const hooks = await startHookServer(hookSecret, fx.clock);
  await createWebhook(adminA, createWebhookInput.parse({ url: receiver.url, eventTypes: ['contacts.created', 'contacts.updated', 'contacts.deleted', 'activities.created', 'deals.created'] }), db);
  const workflowId = await publish(fx, leadWorkflow(hooks.url, await secret(fx, hookSecret)), adminA, 'New lead');
  const apiToken = (await createApiKey(adminA, { name: 'ERP', scopes: ['contacts:write', 'deals:write', 'activities:write'], expiresAt: null }, db)).token;

  // Created through API v1 with an Idempotency-Key: the answer (the record) is stored for repeats.
  const created = await apiCreateContact(apiToken, { firstName: PERSON.firstName, lastName: PERSON.lastName, email: PERSON.oldEmail, phone: PERSON.phone }, `create-${uuidv7()}`);
  const contactId = created.id;
  const other = await apiCreateContact(apiToken, { firstName: OTHER.firstName, lastName: OTHER.lastName, email: OTHER.email, phone: OTHER.phone, title: OTHER.title });
  await settleQueues(fx); // the workflow runs up to its wait, the webhooks are delivered
  const earlyContact = (await withTenant(TENANT_A, (tx) => readRecord(tx, CONTACTS, TENANT_A, contactId), db))!;

  // A later edit: a new address and a title (the old address stays in the history).
  await writeRecord(db, adminA, CONTACTS, { id: contactId, email: PERSON.email, title: PERSON.title });
  const at = new Date().toISOString();
  const visitId = uuidv7();
  await writeRecord(db, adminA, ACTIVITIES, {
    id: visitId, kind: 'visit', done: false, subject: 'Visit at the lighthouse', body: `${PERSON.firstName} prefers mornings; call ${PERSON.phone} first.`,
    occurredAt: at, contactId, latitude: 50.37, longitude: -4.14,
  });
  const pipelineId = uuidv7();
  const dealId = uuidv7();
  await writeRecord(db, adminA, DEALS, { id: dealId, name: 'Lamp room refit', pipelineId, stageId: 'lead', amountCents: 1_250_000, currency: 'EUR', status: 'open', contactId });
  const mentionDealId = uuidv7();
  await writeRecord(db, adminA, DEALS, { id: mentionDealId, name: `Referral from ${PERSON.firstName} ${PERSON.lastName}`, pipelineId, stageId: 'lead', amountCents: 0, currency: 'EUR', status: 'open' });
  const mentionNoteId = uuidv7();
  await writeRecord(db, adminA, ACTIVITIES, {
    id: mentionNoteId, kind: 'note', done: false, subject: 'Trade fair', body: `Met ${PERSON.firstName} ${PERSON.lastName} at the fair (${PERSON.email}); also spoke to ${OTHER.firstName} ${OTHER.lastName}.`,
    occurredAt: at, dealId: mentionDealId,
  });
  // The other contact's own activity and deal, which must keep every value.
  await writeRecord(db, adminA, ACTIVITIES, { id: uuidv7(), kind: 'call', done: false, subject: `Call ${OTHER.firstName} ${OTHER.lastName}`, body: OTHER.phone, occurredAt: at, contactId: other.id });
  await noteConflict(earlyContact);
  await outboxMailer(db).send({ tenantId: TENANT_A, to: PERSON.email, subject: 'Your lamp room quote', text: `Dear ${PERSON.firstName} ${PERSON.lastName},\nyour quote is attached.` });
  await outboxMailer(db).send({ tenantId: TENANT_A, to: OTHER.email, subject: 'Harbour dues', text: `Dear ${OTHER.firstName} ${OTHER.lastName},\nplease find the dues attached.` });

  // Tenant B holds the same person: another organization's record, out of reach of A's request.
  const tenantBContactId = uuidv7();
  await writeRecord(db, adminB, CONTACTS, { id: tenantBContactId, firstName: PERSON.firstName, lastName: PERSON.lastName, email: PERSON.email, phone: PERSON.phone, title: PERSON.title });
  await settleQueues(fx);

  const taskId = (await withTenant(TENANT_A, (tx) => tx.query<{ id: string }>(`SELECT id FROM activities WHERE contact_id = $1 AND kind = 'task'`, [contactId]), db)).rows[0]?.id;
  if (!taskId) throw new Error('the workflow made no task');
  return { contactId, earlyContact, visitId, taskId, dealId, mentionDealId, mentionNoteId, otherContactId: other.id, tenantBContactId, workflowId, hooks, receiver, apiToken };
}

/** "table.column" of every text, json and array column of the public and queue schemas. */
async function textColumns(tx: Queryable): Promise<{ schema: string; table: string; column: string }[]> {
  const { rows } = await tx.query<{ schema: string; table: string; column: string }>(
    `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column
     FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema IN ('public', 'pgboss') AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')
     ORDER BY 1, 2, 3`,
  );
  return rows;
}

/**
 * Where any of `values` occurs (ignoring case) in any text, json or array column of any table,
 * of any tenant, public schema and job queue: `schema.table.column: value (n rows)`.
 * As the owner, across tenants; `tenantId` narrows it to one tenant's rows where a table has one.
 */
export async function findTraces(db: Database, values: readonly string[], tenantId?: string): Promise<string[]> {
  return withSystem(async (tx) => {
    const found: string[] = [];
    const columns = await textColumns(tx);
    const tenantTables = new Set(
      (await tx.query<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.columns WHERE column_name = 'tenant_id'`)).rows.map((r) => r.t),
    );
    for (const { schema, table, column } of columns) {
      // Row-level security would hide other tenants' rows from a non-superuser owner: set the tenant.
      const scoped = tenantId && tenantTables.has(`${schema}.${table}`);
      if (tenantId) await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      for (const v of values) {
        const { rows } = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${schema}"."${table}" WHERE "${column}"::text ILIKE $1 ${scoped ? 'AND tenant_id = $2' : ''}`,
          scoped ? [`%${v}%`, tenantId] : [`%${v}%`],
        );
        if (rows[0]!.n > 0) found.push(`${schema}.${table}.${column}: ${v} (${rows[0]!.n})`);
      }
    }
    return found;
  }, db);
}

/** Closes the fixture's receivers. */
export async function closeSeeded(s: SeededPerson | undefined): Promise<void> {
  await s?.hooks.close();
  await s?.receiver.close();
}

export { TENANT_A, TENANT_B };
