// The online search and online record routes through withSession: who may search, bad
// queries, and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getOne } from '@/app/api/records/[collection]/[id]/route';
import { GET as search } from '@/app/api/records/[collection]/search/route';
import { mintSessionCookie } from '@/lib/auth/session-token';
import { seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { PEER_HEADER, peerStamp } from '@/lib/http/peer-address.mjs';
import { resetLimiters } from '@/lib/ratelimit/limiter';
import { upsertRecords } from '@/lib/records/record-sql';
import { contacts } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { contactDoc } from '@/sync/server/testing';

let t: TestDatabase;
let f: Fixture;
const grace = contactDoc({ firstName: 'Grace', lastName: 'Hopper' });
const gone = { ...contactDoc({ firstName: 'Gone', lastName: 'Deleted' }), _deleted: true };
const globexGrace = contactDoc({ firstName: 'Grace', lastName: 'Globex' });

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
  resetLimiters();
  const def = contacts as unknown as CollectionDef;
  await withTenant(f.tenants.acme, (tx) => upsertRecords(tx, def, f.tenants.acme, [grace, contactDoc({ firstName: 'Ada', lastName: '50%_off', email: 'ada@acme.test' }), gone]), t.db);
  await withTenant(f.tenants.globex, (tx) => upsertRecords(tx, def, f.tenants.globex, [globexGrace]), t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

async function get(userId: string, tenantId: string, collection: string, query: string) {
  const c = await mintSessionCookie({ sub: userId, sid: crypto.randomUUID(), sv: 0, tid: tenantId, mfa: true, auth: Math.floor(Date.now() / 1000) });
  const req = new Request(`http://localhost/api/records/${collection}/search?${query}`, { headers: { cookie: `${c.name}=${c.value}`, [PEER_HEADER]: peerStamp('192.0.2.10') } });
  return search(req, { params: Promise.resolve({ collection }) });
}

describe('GET /api/records/{collection}/search', () => {
  it('finds live records of the caller’s tenant by any searched column, any case; never another tenant’s', async () => {
    const res = await get(f.users.admin.id, f.tenants.acme, 'contacts', 'q=grace');
    expect(res.status).toBe(200);
    expect((await res.json()).documents.map((d: { lastName: string }) => d.lastName)).toEqual(['Hopper']);
    const globex = await get(f.users.globexAdmin.id, f.tenants.globex, 'contacts', 'q=GRACE');
    expect((await globex.json()).documents.map((d: { lastName: string }) => d.lastName)).toEqual(['Globex']);
    expect((await (await get(f.users.admin.id, f.tenants.acme, 'contacts', 'q=ada%40acme')).json()).documents).toHaveLength(1);
  });

  it('searches for LIKE wildcards as characters', async () => {
    expect((await (await get(f.users.admin.id, f.tenants.acme, 'contacts', 'q=%25_')).json()).documents.map((d: { lastName: string }) => d.lastName)).toEqual(['50%_off']);
    expect((await (await get(f.users.admin.id, f.tenants.acme, 'contacts', 'q=r_c')).json()).documents).toEqual([]); // a wildcard would match "Grace"
  });

  it('answers a bad query with 422 naming the parameter, an unknown collection with 404, a rep or an auditor with 403', async () => {
    for (const q of ['', 'q=a', `q=${'x'.repeat(201)}`, 'q=grace&limit=0', 'q=grace&limit=51', 'q=grace&limit=two', 'q=gr%00ace']) {
      const res = await get(f.users.admin.id, f.tenants.acme, 'contacts', q);
      expect(res.status, q).toBe(422);
      expect((await res.json()).error.message).toMatch(/^(q|limit):/);
    }
    expect((await get(f.users.admin.id, f.tenants.acme, 'widgets', 'q=grace')).status).toBe(404);
    expect((await get(f.users.admin.id, f.tenants.acme, 'pipelines', 'q=grace')).status).toBe(404);
    expect((await get(f.users.rep.id, f.tenants.acme, 'contacts', 'q=grace')).status).toBe(403);
    expect((await get(f.users.auditor.id, f.tenants.acme, 'contacts', 'q=grace')).status).toBe(403);
  });
});

async function getRecord(userId: string, tenantId: string, collection: string, id: string) {
  const c = await mintSessionCookie({ sub: userId, sid: crypto.randomUUID(), sv: 0, tid: tenantId, mfa: true, auth: Math.floor(Date.now() / 1000) });
  const req = new Request(`http://localhost/api/records/${collection}/${id}`, { headers: { cookie: `${c.name}=${c.value}`, [PEER_HEADER]: peerStamp('192.0.2.10') } });
  return getOne(req, { params: Promise.resolve({ collection, id }) });
}

describe('GET /api/records/{collection}/{id}', () => {
  it('answers a live record of the caller’s tenant; 404 for another tenant’s id, a deleted one, a malformed id; 403 for a rep or an auditor', async () => {
    const res = await getRecord(f.users.owner.id, f.tenants.acme, 'contacts', grace.id);
    expect(res.status).toBe(200);
    expect((await res.json()).document).toMatchObject({ id: grace.id, lastName: 'Hopper', _deleted: false });
    for (const id of [globexGrace.id, gone.id, 'not-a-uuid', crypto.randomUUID()]) {
      const missing = await getRecord(f.users.admin.id, f.tenants.acme, 'contacts', id);
      expect(missing.status, id).toBe(404);
      expect(JSON.stringify(await missing.json())).not.toContain('Globex');
    }
    expect((await getRecord(f.users.admin.id, f.tenants.acme, 'widgets', grace.id)).status).toBe(404);
    expect((await getRecord(f.users.admin.id, f.tenants.acme, 'pipelines', grace.id)).status).toBe(404);
    expect((await getRecord(f.users.rep.id, f.tenants.acme, 'contacts', grace.id)).status).toBe(403);
    expect((await getRecord(f.users.auditor.id, f.tenants.acme, 'contacts', grace.id)).status).toBe(403);
  });
});
