// The privacy routes through the real withSession and handlers, on PGlite and Postgres, with a
// person seeded everywhere (lib/privacy/testing.ts; the sync conflict by a real push), and a
// phone that synced the person before the erasure and pulls from its old checkpoint after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionContext } from '@/lib/auth/session-context';
import { prepareAuthSecrets } from '@/lib/auth/testing-fixtures';
import { requestAs } from '@/lib/auth/testing-session';
import { setDb } from '@/lib/db/open-database';
import { withSystem, withTenant } from '@/lib/db/with-tenant';
import type { ContactExport } from '@/lib/privacy/contact-export';
import type { PrivacyRequest } from '@/lib/privacy/privacy-schemas';
import { closeSeeded, findTraces, PERSON, PERSON_VALUES, seedPerson, settleQueues, type SeededPerson } from '@/lib/privacy/testing';
import { ADMIN_A, MANAGER_A, REP_A, TENANT_A, adminA, adminB, createEngineFixture, type EngineFixture } from '@/lib/workflows/testing';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { Checkpoint } from '@/sync/schema/protocol';
import { pushRows } from '@/sync/server/push';
import { settledPull } from '@/sync/server/testing';
import * as contacts from './contacts/route';
import * as erase from './erase/route';
import * as exportRoute from './export/route';
import * as requests from './requests/route';

const AUDITOR_A = '0190b000-0000-7000-8000-0000000000a9';
const rep: SessionContext = { userId: REP_A, tenantId: TENANT_A, role: 'rep' };
const manager: SessionContext = { userId: MANAGER_A, tenantId: TENANT_A, role: 'manager' };

let fx: EngineFixture;
let s: SeededPerson;

beforeAll(async () => {
  prepareAuthSecrets();
  fx = await createEngineFixture();
  setDb(fx.t.db);
  await withSystem(async (tx) => {
    await tx.query(`INSERT INTO users (id, email, name) VALUES ($1, 'auditor@a.test', 'Auditor')`, [AUDITOR_A]);
    await tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'auditor')`, [TENANT_A, AUDITOR_A]);
  }, fx.t.db);
  // The conflict by a real push: a manager's phone changed the title from the copy it held before
  // the admin set one, so the admin's title stays and the manager's is set aside.
  s = await seedPerson(fx, async (early) => {
    const results = await pushRows(manager, 'contacts', [{ assumedMasterState: early, newDocumentState: { ...early, title: 'Head Keeper', updatedAt: new Date().toISOString() } }], fx.t.db);
    expect(results.map((r) => r.status)).toEqual(['conflict']);
  });
}, 120_000);
afterAll(async () => {
  await closeSeeded(s);
  setDb(undefined);
  await fx.dispose();
});

type Who = { userId: string; tenantId: string; mfa?: boolean } | null;
const post = async (route: { POST: (req: Request) => Promise<Response> }, who: Who, body: unknown) =>
  route.POST(await requestAs(who, 'http://test/api/admin/privacy', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }));
const get = async (route: { GET: (req: Request) => Promise<Response> }, who: Who, query = '') => route.GET(await requestAs(who, `http://test/api/admin/privacy${query}`));
const issuesOf = async (res: Response) => ((await res.json()) as { error: { issues?: { path: string }[] } }).error.issues?.map((i) => i.path);

/** A phone's pull of one collection from `checkpoint` (null: from the start), as the rep. */
async function pull(collection: string, checkpoint: Checkpoint | null) {
  return settledPull(rep, collection, { checkpoint, limit: 500 }, fx.t.db);
}

describe('who may use the privacy routes', () => {
  it('answers 401 without a session and 403 to managers, reps and auditors, on every route', async () => {
    const body = { contactId: s.contactId, format: 'json' };
    for (const who of [null, { userId: MANAGER_A, tenantId: TENANT_A }, { userId: REP_A, tenantId: TENANT_A }, { userId: AUDITOR_A, tenantId: TENANT_A }]) {
      const expected = who ? 403 : 401;
      expect((await get(contacts, who, '?q=quorvath')).status).toBe(expected);
      expect((await get(requests, who)).status).toBe(expected);
      expect((await post(exportRoute, who, body)).status).toBe(expected);
      expect((await post(erase, who, { contactId: s.contactId, confirm: true })).status).toBe(expected);
    }
    // Nothing was exported or erased by the refused calls.
    expect((await withTenant(TENANT_A, (tx) => tx.query('SELECT 1 FROM privacy_requests'), fx.t.db)).rows).toEqual([]);
  });

  it('refuses an admin whose second factor is still outstanding', async () => {
    expect((await get(requests, { userId: ADMIN_A, tenantId: TENANT_A, mfa: false })).status).toBe(403);
  });
});

describe('finding a contact', () => {
  it('finds live contacts by part of the name or email, ignoring case, with the company', async () => {
    const res = await get(contacts, adminA, `?q=${encodeURIComponent('QUORVATH')}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { contacts: unknown[] }).contacts).toEqual([{ id: s.contactId, firstName: PERSON.firstName, lastName: PERSON.lastName, email: PERSON.email, companyName: null, deleted: false }]);
    const byEmail = (await (await get(contacts, adminA, `?q=${encodeURIComponent('lighthouse-example')}`)).json()) as { contacts: { id: string }[] };
    expect(byEmail.contacts.map((c) => c.id)).toEqual([s.contactId]);
    // Wildcards are taken literally.
    expect(((await (await get(contacts, adminA, '?q=%25')).json()) as { contacts: unknown[] }).contacts).toEqual([]);
  });

  it("never finds another tenant's contacts (tenant B finds only its own record of the same name)", async () => {
    const res = (await (await get(contacts, adminB, '?q=quorvath')).json()) as { contacts: { id: string }[] };
    expect(res.contacts.map((c) => c.id)).toEqual([s.tenantBContactId]);
  });

  it('finds one contact by ?id= (a privacy link from its page), only in the caller\'s tenant', async () => {
    const res = await get(contacts, adminA, `?id=${s.contactId}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { contacts: { id: string; email: string | null }[] }).contacts).toEqual([expect.objectContaining({ id: s.contactId, email: PERSON.email })]);
    expect((await get(contacts, adminB, `?id=${s.contactId}`)).status).toBe(404);
    const bad = await get(contacts, adminA, '?id=not-a-uuid');
    expect(bad.status).toBe(422);
    expect(await issuesOf(bad)).toEqual(['id']);
  });

  it('names the parameter of a bad search (422)', async () => {
    // A NUL the database cannot hold is refused here too, never a 500.
    for (const query of ['', '?q=', `?q=${'x'.repeat(201)}`, '?q=ab%00cd']) {
      const res = await get(contacts, adminA, query);
      expect(res.status).toBe(422);
      expect(await issuesOf(res)).toEqual(['q']);
    }
  });
});

describe('exporting a contact', () => {
  it('answers the JSON file as a download', async () => {
    const res = await post(exportRoute, adminA, { contactId: s.contactId, format: 'json' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="contact-${s.contactId}.json"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const data = (await res.json()) as ContactExport;
    expect(data.contact).toMatchObject({ email: PERSON.email });
    expect(data.conflicts).toEqual([expect.objectContaining({ field: 'title', lostValue: 'Head Keeper', keptValue: PERSON.title })]);
  });

  it('answers the CSV file as a download', async () => {
    const res = await post(exportRoute, adminA, { contactId: s.contactId, format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="contact-${s.contactId}.csv"`);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('section,recordId,field,value');
    expect(text).toContain(`contact,${s.contactId},email,${PERSON.email}`);
  });

  it("is 404 for tenant B's admin asking for tenant A's contact", async () => {
    const res = await post(exportRoute, adminB, { contactId: s.contactId, format: 'json' });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain(PERSON.lastName);
  });

  it('names the field of a bad body (422), and refuses what is not JSON', async () => {
    const cases: [unknown, string[]][] = [
      [{ contactId: 'not-an-id', format: 'json' }, ['contactId']],
      [{ contactId: s.contactId, format: 'xml' }, ['format']],
      [{ contactId: s.contactId }, ['format']],
      [{ contactId: s.contactId, format: 'json', extra: 1 }, ['(body)']],
    ];
    for (const [body, paths] of cases) {
      const res = await post(exportRoute, adminA, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(await issuesOf(res), JSON.stringify(body)).toEqual(paths);
    }
    expect((await post(exportRoute, adminA, '{')).status).toBe(400);
  });
});

describe('erasing a contact', () => {
  let phone: { contacts: Checkpoint; activities: Checkpoint };

  beforeAll(async () => {
    // A phone holding the whole organization syncs before the erasure.
    const before = { contacts: await pull('contacts', null), activities: await pull('activities', null) };
    expect(before.contacts.documents.map((d) => d.id)).toContain(s.contactId);
    phone = { contacts: before.contacts.checkpoint, activities: before.activities.checkpoint };
  });

  it('refuses an erasure that is not confirmed, naming the field, and erases nothing', async () => {
    for (const body of [{ contactId: s.contactId }, { contactId: s.contactId, confirm: false }, { contactId: s.contactId, confirm: 'true' }]) {
      const res = await post(erase, adminA, body);
      expect(res.status).toBe(422);
      expect(await issuesOf(res)).toEqual(['confirm']);
    }
    expect((await post(erase, adminA, { contactId: 'x', confirm: true })).status).toBe(422);
    expect((await withTenant(TENANT_A, (tx) => tx.query(`SELECT deleted FROM contacts WHERE id = $1`, [s.contactId]), fx.t.db)).rows).toEqual([{ deleted: false }]);
  });

  it("is 404 for tenant B's admin, and erases nothing", async () => {
    const res = await post(erase, adminB, { contactId: s.contactId, confirm: true });
    expect(res.status).toBe(404);
    expect((await withTenant(TENANT_A, (tx) => tx.query(`SELECT email FROM contacts WHERE id = $1`, [s.contactId]), fx.t.db)).rows).toEqual([{ email: PERSON.email }]);
  });

  it('erases the person everywhere and answers with the request and its counts', async () => {
    const res = await post(erase, adminA, { contactId: s.contactId, confirm: true });
    expect(res.status).toBe(200);
    const { request } = (await res.json()) as { request: PrivacyRequest };
    expect(request).toMatchObject({ kind: 'erase', subjectId: s.contactId, requestedBy: { id: ADMIN_A }, summary: { contacts: 1, activities: 2, deals: 1, conflicts: 1, apiAnswers: 1 } });
    expect(JSON.stringify(request)).not.toMatch(new RegExp(PERSON_VALUES.map((v) => v.replace(/[+.]/g, '\\$&')).join('|'), 'i'));
    await settleQueues(fx);
    expect(await findTraces(fx.t.db, PERSON_VALUES, TENANT_A)).toEqual([]);
  });

  it('reaches the phone: a pull from its old checkpoint hands it the tombstones without values', async () => {
    const contactsPage = await pull('contacts', phone.contacts);
    const tombstone = contactsPage.documents.find((d) => d.id === s.contactId) as AnyWireDoc | undefined;
    expect(tombstone).toMatchObject({ _deleted: true, firstName: '', lastName: '', email: null, phone: null, title: null });
    const activitiesPage = await pull('activities', phone.activities);
    const gone = activitiesPage.documents.filter((d) => d.id === s.visitId || d.id === s.taskId);
    expect(gone).toHaveLength(2);
    expect(gone.every((d) => d._deleted && d.subject === '' && d.body === null)).toBe(true);
    const text = JSON.stringify([contactsPage, activitiesPage]);
    for (const v of PERSON_VALUES) expect(text).not.toContain(v);
  });

  it('lists the requests newest first, with who asked; tenant B sees none of them', async () => {
    const res = await get(requests, adminA);
    expect(res.status).toBe(200);
    const list = ((await res.json()) as { requests: PrivacyRequest[] }).requests;
    expect(list.map((r) => r.kind)).toEqual(['erase', 'export', 'export']);
    expect(list[0]).toMatchObject({ subjectId: s.contactId, requestedBy: { id: ADMIN_A, name: 'admin@a.test' } });
    expect(list.every((r) => Object.values(r.summary).every((n) => typeof n === 'number'))).toBe(true);
    expect(((await (await get(requests, adminB)).json()) as { requests: unknown[] }).requests).toEqual([]);
  });
});
