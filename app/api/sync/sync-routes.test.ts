// The sync route handlers end to end (body reading, the real withSession with real session
// cookies, permission, error mapping) on a real database.
import { beforeAll, describe, expect, it } from 'vitest';
import { requestAs, signedInAs, useAuthFixtureDatabase } from '@/lib/auth/testing-session';
import { contactDoc, feedSettled } from '@/sync/server/testing';
import { POST as pull } from './[collection]/pull/route';
import { POST as push } from './[collection]/push/route';
import { GET as notices } from './conflicts/route';

const params = (collection: string) => ({ params: Promise.resolve({ collection }) });
const URL = 'http://localhost/api/sync';

describe('sync route handlers', () => {
  const fx = useAuthFixtureDatabase();
  let asRep: Awaited<ReturnType<typeof signedInAs>>;
  beforeAll(async () => {
    asRep = await signedInAs(fx.f.users.rep.email);
  });

  it('push then pull round-trips a document', async () => {
    const doc = contactDoc({ ownerId: fx.f.users.rep.id });
    const pushed = await push(asRep(`${URL}/contacts/push`, { method: 'POST', body: JSON.stringify([{ newDocumentState: doc }]) }), params('contacts'));
    expect(pushed.status).toBe(200);
    expect(await pushed.json()).toEqual([]);
    await feedSettled(fx.t.db);
    const pulled = await pull(asRep(`${URL}/contacts/pull`, { method: 'POST', body: '{"limit":10}' }), params('contacts'));
    expect(pulled.status).toBe(200);
    expect((await pulled.json()).documents).toEqual([doc]);
  });

  it('client mistakes get a 4xx with a message, never a 500', async () => {
    const form = (url: string, body: string) => {
      const r = asRep(url, { method: 'POST', body });
      const headers = new Headers(r.headers);
      headers.set('content-type', 'application/x-www-form-urlencoded');
      return new Request(r.url, { method: 'POST', body, headers });
    };
    const cases: [Promise<Response>, number, RegExp][] = [
      [push(asRep(`${URL}/contacts/push`, { method: 'POST', body: '[{"newDocumentState":' }), params('contacts')), 400, /not valid JSON/],
      [push(form(`${URL}/contacts/push`, 'a=1'), params('contacts')), 415, /application\/json/],
      [push(asRep(`${URL}/invoices/push`, { method: 'POST', body: '[]' }), params('invoices')), 404, /Unknown collection "invoices"/],
      [push(asRep(`${URL}/contacts/push`, { method: 'POST', body: JSON.stringify([{ newDocumentState: { id: 'x' } }]) }), params('contacts')), 422, /newDocumentState/],
      [
        push(asRep(`${URL}/contacts/push`, { method: 'POST', body: JSON.stringify([{ newDocumentState: contactDoc(), pad: 'x'.repeat(4_100_000) }]) }), params('contacts')),
        413,
        /Body over/,
      ],
      [pull(asRep(`${URL}/contacts/pull`, { method: 'POST', body: '{"checkpoint":{"xid":"abc","seq":1,"h":0}}' }), params('contacts')), 422, /checkpoint.xid/],
      [pull(asRep(`${URL}/contacts/pull`, { method: 'POST', body: 'nonsense' }), params('contacts')), 400, /not valid JSON/],
    ];
    for (const [res, status, message] of cases) {
      const r = await res;
      expect(r.status).toBe(status);
      expect((await r.json()).error.message).toMatch(message);
    }
  });

  it('an auditor may pull; protocol 1 refuses their push with 403 (protocol 2 answers it row by row); no session is 401', async () => {
    const asAuditor = await signedInAs(fx.f.users.auditor.email);
    expect((await pull(asAuditor(`${URL}/contacts/pull`, { method: 'POST', body: '{}' }), params('contacts'))).status).toBe(200);
    const refused = await push(asAuditor(`${URL}/contacts/push`, { method: 'POST', body: JSON.stringify([{ newDocumentState: contactDoc() }]) }), params('contacts'));
    expect(refused.status).toBe(403);
    const anonymous = new Request(`${URL}/contacts/pull`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect((await pull(anonymous, params('contacts'))).status).toBe(401);
  });

  it('conflict notices: the person whose value stayed reads whose value was set aside; nobody else does, in any tenant', async () => {
    type As = (url: string, init?: { method?: string; body?: string }) => Request | Promise<Request>;
    // The owner with their second factor done (owners must have one).
    const asOwner: As = (url, init) => requestAs({ userId: fx.f.users.owner.id, tenantId: fx.f.tenants.acme }, url, init);
    const base = contactDoc({ ownerId: fx.f.users.rep.id, title: 'Buyer' });
    const send = async (as: As, rows: unknown[]) => (await push(await as(`${URL}/contacts/push?protocol=2`, { method: 'POST', body: JSON.stringify(rows) }), params('contacts'))).json();
    await send(asRep, [{ newDocumentState: base }]);
    expect((await send(asOwner, [{ assumedMasterState: base, newDocumentState: { ...base, title: 'Head buyer' } }])).results[0].status).toBe('accepted');
    const answer = (await send(asRep, [{ assumedMasterState: base, newDocumentState: { ...base, title: 'Lead buyer' } }])).results[0];
    expect(answer).toMatchObject({ status: 'conflict', keptBy: { title: { who: 'Owner' } } });

    const read = async (as: As, after = '0.0') => {
      await feedSettled(fx.t.db);
      return notices(await as(`${URL}/conflicts?after=${after}`));
    };
    const mine = await (await read(asOwner)).json();
    expect(mine.notices).toMatchObject([{ recordId: base.id, field: 'title', lostValue: 'Lead buyer', keptValue: 'Head buyer', other: { who: 'Rep' } }]);
    expect((await (await read(asOwner, mine.cursor)).json()).notices).toEqual([]);
    expect((await (await read(asRep)).json()).notices).toEqual([]);
    const asGlobex: As = (url, init) => requestAs({ userId: fx.f.users.globexAdmin.id, tenantId: fx.f.tenants.globex }, url, init);
    expect((await (await read(asGlobex)).json()).notices).toEqual([]);

    for (const after of ['abc', '1.9999999999999999999', '99999999999999999999.1']) {
      const bad = await read(asOwner, after);
      expect(bad.status).toBe(422);
      expect((await bad.json()).error.message).toMatch(/after: must be a notice cursor/);
    }
    expect((await notices(new Request(`${URL}/conflicts`))).status).toBe(401);
  });
});
