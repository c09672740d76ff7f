// The push route over HTTP with real sessions (the real withSession, cookie and role model):
// protocol 2 answers each row, and one refused row never holds back the others.
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/lib/db/with-tenant';
import { signedInAs, useAuthFixtureDatabase } from '@/lib/auth/testing-session';
import { pushRows } from '@/sync/server/push';
import { contactDoc } from '@/sync/server/testing';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { POST as push } from './[collection]/push/route';

const params = (collection: string) => ({ params: Promise.resolve({ collection }) });

describe('POST /api/sync/{collection}/push', () => {
  const fx = useAuthFixtureDatabase();
  const onServer = (tenant: string, id: string) =>
    withTenant(tenant, async (tx) => (await tx.query<{ last_name: string }>('SELECT last_name FROM contacts WHERE id = $1', [id])).rows[0]?.last_name ?? null, fx.t.db);

  /** A contact written by an admin (admins must pass two-factor to sign in: seeded directly). */
  async function seedContact(ownerId: string, tenantId = fx.f.tenants.acme, doc = contactDoc({ ownerId })): Promise<AnyWireDoc> {
    const admin = tenantId === fx.f.tenants.acme ? fx.f.users.admin : fx.f.users.globexAdmin;
    expect(await pushRows({ tenantId, userId: admin.id, role: 'admin' }, 'contacts', [{ newDocumentState: doc }], fx.t.db)).toEqual([{ id: doc.id, status: 'accepted' }]);
    return doc;
  }

  it("a rep's batch of [an edit of another's contact, a new contact of their own] writes the new one and answers the edit rejected with the server's document", async () => {
    const theirs = await seedContact(fx.f.users.admin.id);
    const mine = contactDoc({ ownerId: fx.f.users.rep.id, lastName: 'Mine' });
    const asRep = await signedInAs(fx.f.users.rep.email);
    const body = JSON.stringify([{ assumedMasterState: theirs, newDocumentState: { ...theirs, lastName: 'Hijacked' } }, { newDocumentState: mine }]);
    const res = await push(asRep('http://localhost/api/sync/contacts/push?protocol=2', { method: 'POST', body }), params('contacts'));
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: unknown[] };
    expect(results).toEqual([
      { id: theirs.id, status: 'rejected', code: 'forbidden', message: expect.stringMatching(/owner or a manager can change this contact/), document: theirs },
      { id: mine.id, status: 'accepted' },
    ]);
    expect(await onServer(fx.f.tenants.acme, mine.id)).toBe('Mine');
    expect(await onServer(fx.f.tenants.acme, theirs.id)).toBe('Lovelace');
  });

  it("an auditor's push is answered row by row (rejected, with the reason), not refused whole", async () => {
    const doc = contactDoc({ ownerId: fx.f.users.auditor.id });
    const asAuditor = await signedInAs(fx.f.users.auditor.email);
    const res = await push(asAuditor('http://localhost/api/sync/contacts/push?protocol=2', { method: 'POST', body: JSON.stringify([{ newDocumentState: doc }]) }), params('contacts'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ results: [{ id: doc.id, status: 'rejected', code: 'forbidden', message: 'Your role (auditor) can read records but not create them.', document: null }] });
    expect(await onServer(fx.f.tenants.acme, doc.id)).toBeNull();
  });

  it('an invalid row is rejected naming its field; a record of another workspace is rejected as unknown; the valid row applies', async () => {
    const globexContact = await seedContact(fx.f.users.globexAdmin.id, fx.f.tenants.globex, contactDoc({ lastName: 'Globex' }));
    const bad = contactDoc({ ownerId: fx.f.users.rep.id, firstName: 'x'.repeat(201) });
    const good = contactDoc({ ownerId: fx.f.users.rep.id, lastName: 'Valid' });
    const asRep = await signedInAs(fx.f.users.rep.email);
    const body = JSON.stringify([
      { newDocumentState: bad },
      { assumedMasterState: globexContact, newDocumentState: { ...globexContact, lastName: 'Stolen' } },
      { newDocumentState: good },
    ]);
    const { results } = (await (await push(asRep('http://localhost/api/sync/contacts/push?protocol=2', { method: 'POST', body }), params('contacts'))).json()) as {
      results: { id: string; status: string; code?: string; message?: string }[];
    };
    expect(results.map((r) => [r.id, r.status, r.code])).toEqual([
      [bad.id, 'rejected', 'validation_failed'],
      [globexContact.id, 'rejected', 'not_found'],
      [good.id, 'accepted', undefined],
    ]);
    expect(results[0]!.message).toMatch(/newDocumentState\.firstName/);
    expect(await onServer(fx.f.tenants.acme, good.id)).toBe('Valid');
    expect(await onServer(fx.f.tenants.globex, globexContact.id)).toBe('Globex');
  });

  it('protocol 1 (deprecated) still refuses the whole batch for one refused row, and says it is deprecated', async () => {
    const theirs = await seedContact(fx.f.users.admin.id);
    const mine = contactDoc({ ownerId: fx.f.users.rep.id, lastName: 'Old client' });
    const asRep = await signedInAs(fx.f.users.rep.email);
    const body = JSON.stringify([{ assumedMasterState: theirs, newDocumentState: { ...theirs, lastName: 'x' } }, { newDocumentState: mine }]);
    const res = await push(asRep('http://localhost/api/sync/contacts/push', { method: 'POST', body }), params('contacts'));
    expect(res.status).toBe(403);
    expect(await onServer(fx.f.tenants.acme, mine.id)).toBeNull();
    const ok = await push(asRep('http://localhost/api/sync/contacts/push', { method: 'POST', body: JSON.stringify([{ newDocumentState: mine }]) }), params('contacts'));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
    expect(ok.headers.get('deprecation')).toMatch(/^@\d+$/);
  });

  it('a batch the server cannot answer row by row is refused whole with a 4xx naming the problem', async () => {
    const asRep = await signedInAs(fx.f.users.rep.email);
    const doc = contactDoc({ ownerId: fx.f.users.rep.id });
    const cases: [string, number, RegExp][] = [
      [JSON.stringify({ not: 'a list' }), 422, /push/],
      [JSON.stringify([{ newDocumentState: { firstName: 'no id' } }]), 422, /newDocumentState\.id/],
      [JSON.stringify([{ newDocumentState: doc }, { newDocumentState: doc }]), 422, /appears twice/],
    ];
    for (const [body, status, message] of cases) {
      const res = await push(asRep('http://localhost/api/sync/contacts/push?protocol=2', { method: 'POST', body }), params('contacts'));
      expect(res.status).toBe(status);
      expect((await res.json()).error.message).toMatch(message);
    }
    expect(await onServer(fx.f.tenants.acme, doc.id)).toBeNull();
  });
});
