// Erasure (GDPR article 17) through the real paths, on PGlite and Postgres: a person seeded in
// every place that can hold their data (testing.ts) leaves no trace in any text or json column
// of any table, the audit chain still verifies, everyone else's data stays, and a failure
// anywhere leaves everything as it was.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceAudit } from '../audit/sequence-audit';
import { verifyChain } from '../audit/verify-chain';
import { prepareAuthSecrets } from '../auth/testing-fixtures';
import { setDb } from '../db/open-database';
import { withSystem, withTenant } from '../db/with-tenant';
import { outboxMailer } from '../mail/mailer';
import { AppError } from '../http/app-error';
import { readRecord } from '../records/record-sql';
import { SCRUBBED_TEXT } from '../records/scrubbed-tombstone';
import { adminA, adminB, createEngineFixture, TENANT_B, type EngineFixture } from '../workflows/testing';
import { collectionDef } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { eraseContact } from './erase-contact';
import { PAYLOAD_ERASERS } from './erase-payloads';
import { listPrivacyRequests } from './privacy-requests';
import type { PrivacyRequest } from './privacy-schemas';
import { closeSeeded, findTraces, OTHER, PERSON, PERSON_VALUES, seedPerson, settleQueues, TENANT_A, writeRecord, type SeededPerson } from './testing';

const CONTACTS = collectionDef('contacts');
const ACTIVITIES = collectionDef('activities');
const DEALS = collectionDef('deals');

let fx: EngineFixture;
let s: SeededPerson;

beforeAll(async () => {
  prepareAuthSecrets();
  fx = await createEngineFixture();
  setDb(fx.t.db);
  s = await seedPerson(fx);
}, 120_000);
afterAll(async () => {
  await closeSeeded(s);
  setDb(undefined);
  await fx.dispose();
});

const read = (def: CollectionDef, id: string, tenantId = TENANT_A) => withTenant(tenantId, (tx) => readRecord(tx, def, tenantId, id), fx.t.db);
const rowsA = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => withTenant(TENANT_A, async (tx) => (await tx.query<T>(sql, params)).rows, fx.t.db);

/** Everything of tenant A a failed erasure must leave exactly as it was. */
async function snapshot(): Promise<unknown> {
  return withSystem(async (tx) => {
    const all = async (table: string, order: string) => (await tx.query(`SELECT * FROM ${table} WHERE tenant_id = $1 ORDER BY ${order}`, [TENANT_A])).rows;
    return {
      contacts: await all('contacts', 'id'),
      activities: await all('activities', 'id'),
      deals: await all('deals', 'id'),
      changes: await all('record_changes', 'id'),
      values: await all('audit_values', 'seq'),
      runs: await all('workflow_runs', 'id'),
      steps: await all('workflow_run_steps', 'run_id, seq'),
      deliveries: await all('webhook_deliveries', 'id'),
      notifications: await all('notifications', 'id'),
      mail: await all('mail_outbox', 'id'),
      requests: await all('privacy_requests', 'id'),
    };
  }, fx.t.db);
}

describe('erasing a contact with data everywhere', () => {
  let request: PrivacyRequest;
  let tracesBefore: string[];
  beforeAll(async () => {
    await sequenceAudit(TENANT_A, fx.t.db);
    tracesBefore = await findTraces(fx.t.db, PERSON_VALUES, TENANT_A);
    request = await eraseContact(adminA, s.contactId, fx.t.db);
    // What the erasure queued runs too: workflows and webhooks see the deletion, not the person.
    await settleQueues(fx);
  }, 60_000);

  it('started from the person in every place that can hold them (the search finds them)', () => {
    const places = new Set(tracesBefore.map((t) => t.split(':')[0]));
    for (const place of [
      'contacts.first_name', 'contacts.email', 'contacts.title', 'activities.body', 'activities.subject', 'deals.name', 'record_changes.before', 'record_changes.after',
      'audit_values.changes', 'workflow_runs.trigger', 'workflow_run_steps.input', 'webhook_deliveries.payload', 'record_conflicts.kept_value',
      'api_idempotency.response', 'notifications.body', 'mail_outbox.to_address', 'mail_outbox.body_text',
    ]) {
      expect(places, place).toContain(`public.${place}`);
    }
  });

  it("leaves none of the person's values in any text or json column of any table of the tenant, or in the job queue", async () => {
    expect(await findTraces(fx.t.db, PERSON_VALUES, TENANT_A)).toEqual([]);
  });

  it('leaves a tombstone without values for the contact and its activities, and keeps its deals unlinked', async () => {
    expect(await read(CONTACTS, s.contactId)).toMatchObject({ _deleted: true, firstName: '', lastName: '', email: null, phone: null, title: null });
    expect(await read(ACTIVITIES, s.visitId)).toMatchObject({ _deleted: true, subject: '', body: null, latitude: null, longitude: null, contactId: s.contactId });
    expect(await read(ACTIVITIES, s.taskId)).toMatchObject({ _deleted: true, subject: '' });
    expect(await read(DEALS, s.dealId)).toMatchObject({ _deleted: false, contactId: null, name: 'Lamp room refit', amountCents: 1_250_000 });
    expect(await read(DEALS, s.mentionDealId)).toMatchObject({ _deleted: false, name: `Referral from ${SCRUBBED_TEXT}` });
    const note = await read(ACTIVITIES, s.mentionNoteId);
    expect(note).toMatchObject({ _deleted: false });
    expect(note?.body).toBe(`Met ${SCRUBBED_TEXT} at the fair (${SCRUBBED_TEXT}); also spoke to ${OTHER.firstName} ${OTHER.lastName}.`);
  });

  it('cancels the waiting run about the contact and keeps its history without payloads', async () => {
    const runs = await rowsA<{ status: string; trigger: unknown }>('SELECT status, trigger FROM workflow_runs WHERE record_id = $1', [s.contactId]);
    expect(runs).toEqual([{ status: 'cancelled', trigger: { erased: true, changedFields: expect.any(Array) } }]);
    const steps = await rowsA<{ step_id: string; input: unknown; output: unknown }>(
      'SELECT s.step_id, s.input, s.output FROM workflow_run_steps s JOIN workflow_runs r ON r.tenant_id = s.tenant_id AND r.id = s.run_id WHERE r.record_id = $1 ORDER BY s.seq',
      [s.contactId],
    );
    expect(steps.map((x) => [x.step_id, x.input, x.output])).toEqual([['tell', null, null], ['task', null, null], ['hook', null, null], ['wait', null, null]]);
  });

  it('tells webhook subscribers of the deletion without the values, and a stored API answer names the record as erased', async () => {
    const deleted = s.receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { id: string; record: Record<string, unknown> } }).filter((e) => e.type === 'contacts.deleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.data).toMatchObject({ id: s.contactId, record: { id: s.contactId, firstName: '', email: null } });
    expect(await rowsA<{ response: unknown }>('SELECT response FROM api_idempotency')).toEqual([{ response: { id: s.contactId, erased: true } }]);
  });

  it('the audit chain still verifies, and the entries about the contact read as erased', async () => {
    await sequenceAudit(TENANT_A, fx.t.db);
    const verdict = await withSystem(async (tx) => {
      await tx.query("SELECT set_config('app.tenant_id', $1, true)", [TENANT_A]);
      return verifyChain(tx, TENANT_A);
    }, fx.t.db);
    expect(verdict).toMatchObject({ ok: true });
    const entries = await rowsA<{ action: string; changes: unknown }>(
      `SELECT a.action, v.changes FROM audit_log a LEFT JOIN audit_values v ON v.tenant_id = a.tenant_id AND v.seq = a.seq WHERE a.target_id = $1 ORDER BY a.seq`,
      [s.contactId],
    );
    expect(entries.map((e) => e.action)).toEqual(['record.create', 'record.update', 'record.delete', 'privacy.erase']);
    expect(entries.every((e) => e.changes === null)).toBe(true);
  });

  it('is recorded and audited with counts only', async () => {
    expect(request).toMatchObject({ kind: 'erase', subjectId: s.contactId, requestedBy: { id: adminA.userId, name: expect.any(String) } });
    expect(request.summary).toMatchObject({ contacts: 1, activities: 2, deals: 1, mentions: 2, conflicts: 1, apiAnswers: 1, mails: 1 });
    expect(request.summary.changes).toBeGreaterThan(4);
    expect(request.summary.auditValues).toBeGreaterThan(4);
    expect(request.summary.workflowRuns).toBeGreaterThanOrEqual(1);
    expect(request.summary.webhookDeliveries).toBeGreaterThanOrEqual(3);
    expect((await listPrivacyRequests(adminA, fx.t.db))[0]).toEqual(request);
    const [entry] = await rowsA<{ data: unknown; actor_id: string }>(`SELECT data, actor_id FROM audit_log WHERE action = 'privacy.erase'`);
    expect(entry).toEqual({ data: { requestId: request.id, summary: request.summary }, actor_id: adminA.userId });
  });

  it("leaves the other contact's data and the other tenant's record of the same person as they were", async () => {
    expect(await read(CONTACTS, s.otherContactId)).toMatchObject({ _deleted: false, ...OTHER });
    const otherTraces = await findTraces(fx.t.db, [OTHER.email, OTHER.phone, OTHER.lastName], TENANT_A);
    for (const place of ['contacts.email', 'record_changes.after', 'audit_values.changes', 'workflow_runs.trigger', 'workflow_run_steps.input', 'webhook_deliveries.payload', 'notifications.body', 'mail_outbox.to_address', 'activities.body']) {
      expect(otherTraces.some((t) => t.startsWith(`public.${place}:`)), place).toBe(true);
    }
    const otherRun = await rowsA<{ status: string }>('SELECT status FROM workflow_runs WHERE record_id = $1', [s.otherContactId]);
    expect(otherRun).toEqual([{ status: 'waiting' }]);
    expect(await read(CONTACTS, s.tenantBContactId, TENANT_B)).toMatchObject({ _deleted: false, firstName: PERSON.firstName, email: PERSON.email, title: PERSON.title });
    expect((await findTraces(fx.t.db, [PERSON.email], TENANT_B)).length).toBeGreaterThan(2);
  });

  it('erasing again finds nothing more to remove and still succeeds', async () => {
    const again = await eraseContact(adminA, s.contactId, fx.t.db);
    expect(again.summary).toMatchObject({ contacts: 0, activities: 0, deals: 0, mentions: 0, conflicts: 0 });
    // Counts are of rows that changed: nothing changed the second time but the delivery record of
    // the first erasure's own `contacts.deleted` event (about the erased id, so deleted too).
    expect(Object.entries(again.summary).filter(([, n]) => n !== 0)).toEqual([['webhookDeliveries', 1]]);
  });
});

describe('edge cases', () => {
  it('scrubs a contact that was already deleted: its tombstone and history kept the values', async () => {
    const id = uuidv7();
    const values = ['Ignatius', 'Fennimore-Slate', 'ignatius.fs@quarry-example.org'];
    await writeRecord(fx.t.db, adminA, CONTACTS, { id, firstName: values[0], lastName: values[1], email: values[2] });
    await writeRecord(fx.t.db, adminA, CONTACTS, { id, _deleted: true });
    expect(await read(CONTACTS, id)).toMatchObject({ _deleted: true, email: values[2] });
    const before = await read(CONTACTS, id);
    const request = await eraseContact(adminA, id, fx.t.db);
    expect(request.summary.contacts).toBe(1);
    const after = await read(CONTACTS, id);
    expect(after).toMatchObject({ _deleted: true, firstName: '', lastName: '', email: null });
    expect(after?.updatedAt).not.toBe(before?.updatedAt);
    await settleQueues(fx);
    expect(await findTraces(fx.t.db, values, TENANT_A)).toEqual([]);
  });

  it('is all or nothing: a failure at the last step leaves every table as it was', async () => {
    const id = uuidv7();
    await writeRecord(fx.t.db, adminA, CONTACTS, { id, firstName: 'Philippa', lastName: 'Drummond-Aske', email: 'philippa.da@moor-example.org' });
    await writeRecord(fx.t.db, adminA, ACTIVITIES, { id: uuidv7(), kind: 'call', done: false, subject: 'Call Philippa Drummond-Aske', contactId: id });
    await settleQueues(fx);
    await sequenceAudit(TENANT_A, fx.t.db);
    const before = await snapshot();
    // The request row is written last: refusing it makes the erasure fail after everything else ran.
    await withSystem(async (tx) => {
      await tx.query(`CREATE FUNCTION privacy_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
      await tx.query(`CREATE TRIGGER privacy_test_refuse BEFORE INSERT ON privacy_requests FOR EACH ROW EXECUTE FUNCTION privacy_test_refuse()`);
    }, fx.t.db);
    try {
      await expect(eraseContact(adminA, id, fx.t.db)).rejects.toThrow(/refused by the test/);
    } finally {
      await withSystem(async (tx) => {
        await tx.query('DROP TRIGGER privacy_test_refuse ON privacy_requests');
        await tx.query('DROP FUNCTION privacy_test_refuse()');
      }, fx.t.db);
    }
    expect(await snapshot()).toEqual(before);
    expect(await read(CONTACTS, id)).toMatchObject({ _deleted: false, email: 'philippa.da@moor-example.org' });
  });

  it("is 404 for another tenant's admin, and changes nothing", async () => {
    const before = await snapshot();
    const err = await eraseContact(adminB, s.otherContactId, fx.t.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);
    expect(await snapshot()).toEqual(before);
    expect(await listPrivacyRequests(adminB, fx.t.db)).toEqual([]);
  });

  it('redacts only the whole full name and the email, and keeps values another live contact shares', async () => {
    const id = uuidv7();
    const twinId = uuidv7();
    const email = 'ann.lee@firm-example.org';
    await writeRecord(fx.t.db, adminA, CONTACTS, { id, firstName: 'Ann', lastName: 'Lee', email });
    // Another person with the same name: "Ann Lee" is theirs too, so it is not searched for.
    await writeRecord(fx.t.db, adminA, CONTACTS, { id: twinId, firstName: 'Ann', lastName: 'Lee', email: 'a.lee@other-example.com' });
    const untouched = [
      { id: uuidv7(), kind: 'call' as const, done: false, subject: 'Call Ann Lee about the renewal', contactId: twinId },
      { id: uuidv7(), kind: 'note' as const, done: false, subject: 'Call Joann Leeson', body: 'Joann Leeson prefers joann.lee@firm-example.org' },
    ];
    for (const a of untouched) await writeRecord(fx.t.db, adminA, ACTIVITIES, a);
    const namingId = uuidv7();
    await writeRecord(fx.t.db, adminA, ACTIVITIES, { id: namingId, kind: 'note', done: false, subject: 'Referral', body: `Write to ${email}, not to joann.lee@firm-example.org.` });
    await outboxMailer(fx.t.db).send({ tenantId: TENANT_A, to: email, subject: 'Quote', text: 'Dear Ann Lee' });
    await outboxMailer(fx.t.db).send({ tenantId: TENANT_A, to: 'joann.lee@firm-example.org', subject: 'Quote', text: 'Dear Joann Leeson' });
    await settleQueues(fx);
    const before = await Promise.all([twinId, ...untouched.map((a) => a.id)].map((x) => read(x === twinId ? CONTACTS : ACTIVITIES, x)));

    const request = await eraseContact(adminA, id, fx.t.db);

    expect(request.summary).toMatchObject({ contacts: 1, mentions: 1, mails: 1, sharedValuesKept: 1 });
    expect(await Promise.all([twinId, ...untouched.map((a) => a.id)].map((x) => read(x === twinId ? CONTACTS : ACTIVITIES, x)))).toEqual(before);
    expect((await read(ACTIVITIES, namingId))?.body).toBe(`Write to ${SCRUBBED_TEXT}, not to joann.lee@firm-example.org.`);
    const mail = await rowsA<{ to_address: string; body_text: string }>(`SELECT to_address, body_text FROM mail_outbox WHERE to_address LIKE '%firm-example.org' ORDER BY id`);
    expect(mail).toEqual([{ to_address: 'joann.lee@firm-example.org', body_text: 'Dear Joann Leeson' }]);
  });

  it('never searches for a first name alone: erasing "Maria" leaves every other Maria', async () => {
    const id = uuidv7();
    await writeRecord(fx.t.db, adminA, CONTACTS, { id, firstName: 'Maria', lastName: '' });
    const noteId = uuidv7();
    await writeRecord(fx.t.db, adminA, ACTIVITIES, { id: noteId, kind: 'note', done: false, subject: 'Maria Schmidt called', body: 'Maria wants a quote' });
    await outboxMailer(fx.t.db).send({ tenantId: TENANT_A, to: 'maria@shop-example.org', subject: 'Hi Maria', text: 'Maria' });
    const note = await read(ACTIVITIES, noteId);
    const request = await eraseContact(adminA, id, fx.t.db);
    expect(request.summary).toMatchObject({ contacts: 1, mentions: 0, mails: 0, notifications: 0 });
    expect(await read(ACTIVITIES, noteId)).toEqual(note);
    expect(await rowsA(`SELECT subject FROM mail_outbox WHERE to_address = 'maria@shop-example.org'`)).toEqual([{ subject: 'Hi Maria' }]);
  });

  it('completes for a legacy record that fails today\'s schema: the invalid field is blanked', async () => {
    const id = uuidv7();
    const dealId = uuidv7();
    await writeRecord(fx.t.db, adminA, CONTACTS, { id, firstName: 'Leopold', lastName: 'Varga-Thurn', email: 'leopold.vt@legacy-example.org' });
    await writeRecord(fx.t.db, adminA, DEALS, { id: dealId, name: 'Old deal', pipelineId: uuidv7(), stageId: 'lead', amountCents: 0, currency: 'EUR', status: 'open', contactId: id });
    // Written before today's 200-character limit on deal names.
    await withSystem((tx) => tx.query(`UPDATE deals SET name = repeat('x', 300) WHERE tenant_id = $1 AND id = $2`, [TENANT_A, dealId]), fx.t.db);
    const request = await eraseContact(adminA, id, fx.t.db);
    expect(request.summary).toMatchObject({ contacts: 1, deals: 1 });
    expect(await read(DEALS, dealId)).toMatchObject({ _deleted: false, contactId: null, name: SCRUBBED_TEXT, stageId: 'lead' });
  });

  it('payload erasers count only rows they changed, and with no values search by id only (as retention calls them)', async () => {
    const id = uuidv7();
    const email = 'odile.marchetti@scrub-example.org';
    await writeRecord(fx.t.db, adminA, CONTACTS, { id, firstName: 'Odile', lastName: 'Marchetti', email });
    const otherNote = uuidv7();
    await writeRecord(fx.t.db, adminA, ACTIVITIES, { id: otherNote, kind: 'note', done: false, subject: `About ${email}` });
    const run = (needles: string[]) =>
      withSystem(async (tx) => {
        await tx.query("SELECT set_config('app.tenant_id', $1, true)", [TENANT_A]);
        return PAYLOAD_ERASERS.record_changes.erase(tx, { tenantId: TENANT_A, erasedIds: [id], needles, now: new Date() });
      }, fx.t.db);
    const noteChanges = () => rowsA<{ after: { subject: string } }>('SELECT after FROM record_changes WHERE record_id = $1', [otherNote]);
    expect(await run([])).toBe(1); // the contact's own create, scrubbed
    expect(await noteChanges()).toEqual([{ after: expect.objectContaining({ subject: `About ${email}` }) }]);
    expect(await run([])).toBe(0);
    expect(await run([email])).toBe(1); // the note's history, redacted
    expect(await noteChanges()).toEqual([{ after: expect.objectContaining({ subject: `About ${SCRUBBED_TEXT}` }) }]);
    expect(await run([email])).toBe(0);
  });
});
