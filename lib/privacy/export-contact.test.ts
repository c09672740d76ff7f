// Export completeness (GDPR articles 15 and 20) against a person seeded through the real paths
// in every place that can hold their data (testing.ts), on PGlite and Postgres.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceAudit } from '../audit/sequence-audit';
import { prepareAuthSecrets } from '../auth/testing-fixtures';
import { setDb } from '../db/open-database';
import { withTenant } from '../db/with-tenant';
import { AppError } from '../http/app-error';
import { adminA, adminB, createEngineFixture, type EngineFixture } from '../workflows/testing';
import type { ContactExport } from './contact-export';
import { CSV_COLUMNS } from './export-csv';
import { exportContact } from './export-contact';
import { listPrivacyRequests } from './privacy-requests';
import { closeSeeded, OTHER, PERSON, PERSON_VALUES, seedPerson, TENANT_A, type SeededPerson } from './testing';

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

const ids = (rows: { id?: unknown }[]) => rows.map((r) => r.id);

describe('exporting a contact', () => {
  let data: ContactExport;
  beforeAll(async () => {
    data = JSON.parse((await exportContact(adminA, s.contactId, 'json', fx.t.db)).body) as ContactExport;
  });

  it('holds the record, its activities, its deals and the records that name the person', () => {
    expect(data.subject).toEqual({ type: 'contact', id: s.contactId });
    expect(data.contact).toMatchObject({ id: s.contactId, firstName: PERSON.firstName, lastName: PERSON.lastName, email: PERSON.email, phone: PERSON.phone, title: PERSON.title, _deleted: false });
    expect(ids(data.activities).sort()).toEqual([s.visitId, s.taskId].sort());
    expect(data.activities.find((a) => a.id === s.visitId)).toMatchObject({ kind: 'visit', latitude: 50.37 });
    expect(ids(data.deals)).toEqual([s.dealId]);
    expect(data.mentions.map((m) => [m.collection, m.id]).sort()).toEqual([['activities', s.mentionNoteId], ['deals', s.mentionDealId]].sort());
  });

  it('holds the change history with whole documents, the old address included', () => {
    const ofContact = data.changes.filter((c) => c.recordId === s.contactId);
    expect(ofContact.map((c) => c.op)).toEqual(['create', 'update']);
    expect(ofContact[0]).toMatchObject({ source: 'api', after: { email: PERSON.oldEmail } });
    expect(ofContact[1]).toMatchObject({ before: { email: PERSON.oldEmail }, after: { email: PERSON.email, title: PERSON.title } });
    // Other records' history that names the person in a mention field, as the erasure redacts it.
    expect(new Set(data.changes.map((c) => c.recordId))).toEqual(new Set([s.contactId, s.visitId, s.taskId, s.dealId, s.mentionDealId, s.mentionNoteId]));
    expect(data.changes.filter((c) => c.recordId === s.mentionNoteId)).toEqual([expect.objectContaining({ op: 'create', after: expect.objectContaining({ body: expect.stringContaining(PERSON.email) }) })]);
  });

  it("holds the audit values of other records' entries that name the person, as the erasure removes them", () => {
    const mention = data.auditEntries.filter((e) => e.targetId === s.mentionDealId || e.targetId === s.mentionNoteId);
    expect(mention.map((e) => e.targetId).sort()).toEqual([s.mentionDealId, s.mentionNoteId].sort());
    expect(JSON.stringify(mention)).toContain(`${PERSON.firstName} ${PERSON.lastName}`);
  });

  it('holds the audit entries about those records with their before/after values', () => {
    const update = data.auditEntries.find((e) => e.targetId === s.contactId && e.action === 'record.update');
    expect(update?.values).toEqual(expect.objectContaining({ email: { before: PERSON.oldEmail, after: PERSON.email }, title: { before: null, after: PERSON.title } }));
    expect(data.auditEntries.filter((e) => e.targetId === s.dealId).length).toBeGreaterThan(0);
  });

  it('holds the workflow run the contact started, with its steps, and its copies in webhooks, notifications, mail, conflicts and API answers', () => {
    const run = data.workflowRuns.find((r) => r.recordId === s.contactId) as { status: string; trigger: { record: Record<string, unknown> }; steps: { stepId: string; input: unknown }[] } | undefined;
    expect(run?.status).toBe('waiting');
    expect(run?.trigger.record).toMatchObject({ email: PERSON.oldEmail });
    expect(run?.steps.map((x) => x.stepId)).toEqual(['tell', 'task', 'hook', 'wait']);
    expect(JSON.stringify(run?.steps[2]?.input)).toContain(PERSON.oldEmail);
    expect(data.workflowRuns.every((r) => r.recordId === s.contactId || r.recordId === s.taskId || JSON.stringify(r).includes(PERSON.lastName))).toBe(true);

    const events = data.webhookDeliveries.map((d) => (d as { eventType: string }).eventType);
    expect(events).toEqual(expect.arrayContaining(['contacts.created', 'contacts.updated', 'activities.created']));
    expect(data.webhookDeliveries.every((d) => JSON.stringify(d.payload).includes(s.contactId) || JSON.stringify(d.payload).includes(PERSON.lastName))).toBe(true);
    expect(data.notifications.map((n) => n.body)).toContain(`New lead ${PERSON.firstName} ${PERSON.lastName} <${PERSON.oldEmail}>`);
    expect(data.mail).toEqual([expect.objectContaining({ to: PERSON.email, subject: 'Your lamp room quote' })]);
    expect(data.conflicts).toEqual([expect.objectContaining({ recordId: s.contactId, field: 'title', keptValue: PERSON.title })]);
    expect(data.apiAnswers).toEqual([expect.objectContaining({ status: 201, response: expect.objectContaining({ id: s.contactId, email: PERSON.oldEmail }) })]);
  });

  it('leaves out the other contact and the other tenant', () => {
    const text = JSON.stringify({ ...data, mentions: [] });
    expect(text).not.toContain(s.otherContactId);
    expect(text).not.toContain(OTHER.email);
    expect(text).not.toContain(s.tenantBContactId);
  });
});

describe('the CSV export', () => {
  it('is one long table of section, recordId, field and value, spreadsheet-safe', async () => {
    const file = await exportContact(adminA, s.contactId, 'csv', fx.t.db);
    expect(file).toMatchObject({ contentType: 'text/csv', fileName: `contact-${s.contactId}.csv` });
    const rows = Papa.parse<string[]>(file.body.trim()).data;
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const find = (section: string, recordId: string, field: string) => rows.find((r) => r[0] === section && r[1] === recordId && r[2] === field)?.[3];
    expect(find('contact', s.contactId, 'email')).toBe(PERSON.email);
    // Security: a value starting with + is quoted so a spreadsheet never runs it as a formula.
    expect(find('contact', s.contactId, 'phone')).toBe(`'${PERSON.phone}`);
    expect(find('activities', s.visitId, 'body')).toContain(PERSON.firstName);
    const change = rows.find((r) => r[0] === 'changes' && r[2] === 'before.email' && r[3] === PERSON.oldEmail);
    expect(change).toBeDefined();
    expect(rows.some((r) => r[0] === 'workflowRuns' && (r[2] ?? '').startsWith('steps.') && (r[3] ?? '').includes(PERSON.lastName))).toBe(true);
  });
});

describe('the export request', () => {
  it('is recorded and audited with counts only, never a value', async () => {
    const file = await exportContact(adminA, s.contactId, 'json', fx.t.db);
    const data = JSON.parse(file.body) as ContactExport;
    expect(file.request).toMatchObject({ kind: 'export', subjectId: s.contactId, requestedBy: { id: adminA.userId } });
    expect(file.request.summary).toMatchObject({ contacts: 1, activities: 2, deals: 1, changes: data.changes.length, mail: 1, conflicts: 1, apiAnswers: 1 });
    expect(Object.values(file.request.summary).every((n) => Number.isInteger(n))).toBe(true);
    expect((await listPrivacyRequests(adminA, fx.t.db)).map((r) => r.id)).toContain(file.request.id);
    await sequenceAudit(TENANT_A, fx.t.db);
    const entry = await withTenant(TENANT_A, async (tx) => (await tx.query<{ data: unknown; target_id: string }>(`SELECT data, target_id FROM audit_log WHERE action = 'privacy.export' ORDER BY seq DESC LIMIT 1`)).rows[0], fx.t.db);
    expect(entry?.target_id).toBe(s.contactId);
    const text = JSON.stringify(entry?.data);
    for (const v of PERSON_VALUES) expect(text).not.toContain(v);
    expect(entry?.data).toMatchObject({ requestId: file.request.id, format: 'json' });
  });

  it("is 404 for another tenant's admin, who learns nothing and records nothing", async () => {
    const err = await exportContact(adminB, s.contactId, 'json', fx.t.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);
    expect(await listPrivacyRequests(adminB, fx.t.db)).toEqual([]);
  });
});
