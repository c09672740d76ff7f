// The sync route handlers end to end (body reading, the real withSession with real session
// cookies, permission, error mapping) on a real database.
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, useAuthFixtureDatabase } from '@/lib/auth/testing-session';
import { contactDoc, feedSettled } from '@/sync/server/testing';
import { POST as pull } from './[collection]/pull/route';
import { POST as push } from './[collection]/push/route';

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
});
