// Erasure is final (review 20, findings 1 and 3), through the real paths on PGlite and Postgres
// (here, not in lib/privacy: lib may not import the sync push):
// after a contact is erased, a phone that still holds the person can neither edit nor "Restore"
// it (rejected `erased`, no conflict noted with its values), no writer may link an activity or
// deal to it, and an ordinarily deleted contact can still be restored as before.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '@/lib/api-v1/handlers';
import type { SessionContext } from '@/lib/auth/session-context';
import { prepareAuthSecrets } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { withTenant } from '@/lib/db/with-tenant';
import { AppError } from '@/lib/http/app-error';
import { applyChanges, systemActor } from '@/lib/records/apply-changes';
import { readRecord } from '@/lib/records/record-sql';
import { MANAGER_A, REP_A, adminA, createEngineFixture, type EngineFixture } from '@/lib/workflows/testing';
import { eraseContact } from '@/lib/privacy/erase-contact';
import { ERASED_CODE, ERASED_MESSAGE } from '@/lib/privacy/erased-answer';
import { closeSeeded, findTraces, PERSON, PERSON_VALUES, seedPerson, settleQueues, TENANT_A, writeRecord, type SeededPerson } from '@/lib/privacy/testing';
import { collectionDef, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { pushChanges, pushRows } from '@/sync/server/push';

const CONTACTS = collectionDef('contacts');
const ACTIVITIES = collectionDef('activities');
const DEALS = collectionDef('deals');
const manager: SessionContext = { userId: MANAGER_A, tenantId: TENANT_A, role: 'manager' };

let fx: EngineFixture;
let s: SeededPerson;
/** The person's contact and visit as a phone held them before the erasure. */
let phoneContact: AnyWireDoc;
let phoneVisit: AnyWireDoc;
let tombstone: AnyWireDoc;

const read = (def: CollectionDef, id: string) => withTenant(TENANT_A, (tx) => readRecord(tx, def, TENANT_A, id), fx.t.db);
const conflictsOf = async (recordId: string) =>
  (await withTenant(TENANT_A, (tx) => tx.query('SELECT id FROM record_conflicts WHERE tenant_id = $1 AND record_id = $2', [TENANT_A, recordId]), fx.t.db)).rows.length;
const now = () => new Date().toISOString();

/** A new activity document as a phone makes it. */
function activityDoc(fields: Partial<AnyWireDoc>): AnyWireDoc {
  const empty = Object.fromEntries(ACTIVITIES.fieldNames.map((f) => [f, ACTIVITIES.fields[f]!.empty]));
  return ACTIVITIES.wireSchema.parse({ ...empty, id: uuidv7(), kind: 'call', done: false, subject: 'Call', createdAt: now(), updatedAt: now(), _deleted: false, ...fields }) as AnyWireDoc;
}

async function apiCreate(resource: string, body: Record<string, unknown>): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${s.apiToken}`, 'content-type': 'application/json' });
  return createHandler(new Request(`http://localhost/api/v1/${resource}`, { method: 'POST', headers, body: JSON.stringify(body) }), resource);
}

beforeAll(async () => {
  prepareAuthSecrets();
  fx = await createEngineFixture();
  setDb(fx.t.db);
  s = await seedPerson(fx, async (early) => {
    const results = await pushRows(manager, 'contacts', [{ assumedMasterState: early, newDocumentState: { ...early, title: 'Head Keeper', updatedAt: now() } }], fx.t.db);
    expect(results.map((r) => r.status)).toEqual(['conflict']);
  });
  phoneContact = (await read(CONTACTS, s.contactId))!;
  phoneVisit = (await read(ACTIVITIES, s.visitId))!;
  await eraseContact(adminA, s.contactId, fx.t.db);
  await settleQueues(fx);
  tombstone = (await read(CONTACTS, s.contactId))!;
  expect(tombstone).toMatchObject({ _deleted: true, email: null });
}, 180_000);
afterAll(async () => {
  await closeSeeded(s);
  setDb(undefined);
  await fx.dispose();
});

describe('a phone that still holds the erased person', () => {
  it("is refused an edit of the contact or its activity, notes no conflict, and leaves none of the person's values anywhere", async () => {
    const results = await pushRows(manager, 'contacts', [{ assumedMasterState: phoneContact, newDocumentState: { ...phoneContact, title: 'Lamp Keeper Emeritus', updatedAt: now() } }], fx.t.db);
    expect(results).toEqual([{ id: s.contactId, status: 'rejected', code: ERASED_CODE, message: ERASED_MESSAGE, document: tombstone }]);
    const visit = await pushRows(manager, 'activities', [{ assumedMasterState: phoneVisit, newDocumentState: { ...phoneVisit, done: true, updatedAt: now() } }], fx.t.db);
    expect(visit).toMatchObject([{ id: s.visitId, status: 'rejected', code: ERASED_CODE, document: { _deleted: true, body: null } }]);
    expect(await conflictsOf(s.contactId)).toBe(0);
    expect(await conflictsOf(s.visitId)).toBe(0);
    expect(await findTraces(fx.t.db, [...PERSON_VALUES, 'Lamp Keeper Emeritus'], TENANT_A)).toEqual([]);
  });

  it('cannot restore the contact from a deleted-on-server conflict, with or without the tombstone as its base', async () => {
    const restored = { ...phoneContact, _deleted: false, updatedAt: now() };
    const withBase = await pushRows(manager, 'contacts', [{ assumedMasterState: tombstone, newDocumentState: restored }], fx.t.db);
    expect(withBase).toMatchObject([{ status: 'rejected', code: ERASED_CODE, document: tombstone }]);
    const asNew = await pushRows(manager, 'contacts', [{ newDocumentState: restored }], fx.t.db);
    expect(asNew).toMatchObject([{ status: 'rejected', code: ERASED_CODE }]);
    expect(await read(CONTACTS, s.contactId)).toEqual(tombstone);
    expect(await findTraces(fx.t.db, PERSON_VALUES, TENANT_A)).toEqual([]);
  });

  it('is answered 409 by push protocol 1, nothing written', async () => {
    const err = await pushChanges(manager, 'contacts', [{ assumedMasterState: tombstone, newDocumentState: { ...phoneContact, _deleted: false, updatedAt: now() } }], fx.t.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(409);
    expect(await read(CONTACTS, s.contactId)).toEqual(tombstone);
  });
});

describe('linking a record to the erased person', () => {
  it('is refused to a push creating an activity or linking a deal, and the rest of the batch applies', async () => {
    const linked = activityDoc({ subject: `Call ${PERSON.firstName}`, contactId: s.contactId });
    const other = activityDoc({ subject: 'Call the harbour', contactId: s.otherContactId });
    const results = await pushRows(manager, 'activities', [{ newDocumentState: linked }, { newDocumentState: other }], fx.t.db);
    expect(results).toEqual([
      { id: linked.id, status: 'rejected', code: ERASED_CODE, message: ERASED_MESSAGE, document: null },
      { id: other.id, status: 'accepted' },
    ]);
    expect(await read(ACTIVITIES, linked.id)).toBeNull();
    const deal = (await read(DEALS, s.dealId))!;
    expect(deal.contactId).toBeNull();
    const relink = await pushRows(manager, 'deals', [{ assumedMasterState: deal, newDocumentState: { ...deal, contactId: s.contactId, updatedAt: now() } }], fx.t.db);
    expect(relink).toMatchObject([{ status: 'rejected', code: ERASED_CODE, document: deal }]);
    expect(await conflictsOf(s.dealId)).toBe(0);
  });

  it('is refused to a rep and an auditor too, each row with its own reason, and holds nothing else back', async () => {
    const rep: SessionContext = { userId: REP_A, tenantId: TENANT_A, role: 'rep' };
    const linked = activityDoc({ subject: 'Visit planned', contactId: s.contactId, ownerId: REP_A });
    const other = activityDoc({ subject: 'Visit the harbour', contactId: s.otherContactId, ownerId: REP_A });
    const results = await pushRows(rep, 'activities', [{ newDocumentState: linked }, { newDocumentState: other }], fx.t.db);
    expect(results).toEqual([
      { id: linked.id, status: 'rejected', code: ERASED_CODE, message: ERASED_MESSAGE, document: null },
      { id: other.id, status: 'accepted' },
    ]);
    expect(await read(ACTIVITIES, linked.id)).toBeNull();
    expect(await read(ACTIVITIES, other.id)).toMatchObject({ subject: 'Visit the harbour', ownerId: REP_A });
    // An auditor may write nothing: refused by the role rules, whatever the link, and nothing is written.
    const auditor: SessionContext = { userId: REP_A, tenantId: TENANT_A, role: 'auditor' };
    const audited = activityDoc({ subject: 'Audit note', contactId: s.otherContactId, ownerId: REP_A });
    const refused = await pushRows(auditor, 'activities', [{ newDocumentState: audited }], fx.t.db);
    expect(refused).toMatchObject([{ id: audited.id, status: 'rejected' }]);
    expect(refused[0]).not.toMatchObject({ code: ERASED_CODE });
    expect(await read(ACTIVITIES, audited.id)).toBeNull();
  });

  it('is answered 422 naming contactId by API v1, and refused to a workflow write', async () => {
    const res = await apiCreate('activities', { kind: 'note', subject: 'About the keeper', contactId: s.contactId });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { detail: string; errors?: { path: string; message: string }[] };
    expect(problem.errors).toEqual([{ path: 'contactId', message: ERASED_MESSAGE }]);
    expect(problem.detail).toContain(ERASED_MESSAGE);
    const created = await apiCreate('activities', { kind: 'note', subject: 'About the harbour', contactId: s.otherContactId });
    expect(created.status).toBe(201);

    const task = activityDoc({ kind: 'task', subject: 'Follow up', contactId: s.contactId });
    const err = await withTenant(TENANT_A, (tx) => applyChanges(tx, systemActor(TENANT_A), ACTIVITIES, [{ before: null, after: task }], { source: 'workflow' }), fx.t.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).issues).toEqual([{ path: 'contactId', message: ERASED_MESSAGE }]);
    expect(await read(ACTIVITIES, task.id)).toBeNull();
  });
});

describe('a contact deleted, not erased', () => {
  it('can still be restored, and a stale edit of it is still a conflict', async () => {
    const id = uuidv7();
    const live = await writeRecord(fx.t.db, adminA, CONTACTS, { id, firstName: 'Ordinary', lastName: 'Deletion', email: 'ordinary@example.org' });
    const gone = await writeRecord(fx.t.db, adminA, CONTACTS, { id, _deleted: true });
    const stale = await pushRows(manager, 'contacts', [{ assumedMasterState: live, newDocumentState: { ...live, title: 'Buyer', updatedAt: now() } }], fx.t.db);
    expect(stale).toMatchObject([{ status: 'conflict' }]);
    const restore = await pushRows(manager, 'contacts', [{ assumedMasterState: gone, newDocumentState: { ...live, _deleted: false, updatedAt: now() } }], fx.t.db);
    expect(restore).toEqual([{ id, status: 'accepted' }]);
    expect(await read(CONTACTS, id)).toMatchObject({ _deleted: false, email: 'ordinary@example.org' });
    const note = activityDoc({ subject: 'Call Ordinary', contactId: id });
    expect(await pushRows(manager, 'activities', [{ newDocumentState: note }], fx.t.db)).toEqual([{ id: note.id, status: 'accepted' }]);
  });
});

// Needs a real Postgres: two transactions that overlap (PGlite is one connection).
describe.skipIf(!process.env.DATABASE_URL)('a write racing the erasure (real Postgres)', () => {
  it('a push linking an activity waits for the erasure holding the contact, then is refused', async () => {
    const id = uuidv7();
    await writeRecord(fx.t.db, adminA, CONTACTS, { id, firstName: 'Racing', lastName: 'Writer' });
    const note = activityDoc({ subject: 'Written offline', contactId: id });
    let pushed: Promise<unknown> | undefined;
    let settled = false;
    // What eraseContact does first and last: locks the contact row, then (at its end) records the request.
    await withTenant(
      TENANT_A,
      async (tx) => {
        await tx.query('SELECT 1 FROM contacts WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [TENANT_A, id]);
        pushed = pushRows(manager, 'activities', [{ newDocumentState: note }], fx.t.db).finally(() => (settled = true));
        await new Promise((r) => setTimeout(r, 300));
        expect(settled).toBe(false); // waiting for the contact's lock
        await tx.query(`INSERT INTO privacy_requests (tenant_id, id, kind, subject_id) VALUES ($1, $2, 'erase', $3)`, [TENANT_A, uuidv7(), id]);
      },
      fx.t.db,
    );
    expect(await pushed).toMatchObject([{ id: note.id, status: 'rejected', code: ERASED_CODE }]);
    expect(await read(ACTIVITIES, note.id)).toBeNull();
  });
});
