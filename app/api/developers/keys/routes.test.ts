import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '@/lib/api-keys/authenticate-api-key';
import { requestAs, useAuthFixtureDatabase } from '@/lib/auth/testing-session';
import { resetLimiters } from '@/lib/ratelimit/limiter';
import * as one from './[id]/route';
import * as rotate from './[id]/rotate/route';
import * as list from './route';

// Through the real withSession: the role comes from the membership, the second factor from the session.
describe('/api/developers/keys', () => {
  const fx = useAuthFixtureDatabase();
  beforeEach(() => resetLimiters());

  type Who = { userId: string; tenantId: string; mfa?: boolean } | null;
  const BASE = 'http://test/api/developers/keys';
  const post = (who: Who, body: unknown) => requestAs(who, BASE, { method: 'POST', body: JSON.stringify(body) });
  const get = (who: Who) => requestAs(who, BASE);
  const del = (who: Who) => requestAs(who, BASE, { method: 'DELETE' });
  const p = (id: string) => ({ params: Promise.resolve({ id }) });
  const acmeOwner = () => ({ userId: fx.f.users.owner.id, tenantId: fx.f.tenants.acme });
  const acmeAdmin = () => ({ userId: fx.f.users.admin.id, tenantId: fx.f.tenants.acme });
  const globexAdmin = () => ({ userId: fx.f.users.globexAdmin.id, tenantId: fx.f.tenants.globex });
  const body = { name: 'Zapier', scopes: ['contacts:read', 'deals:write'] };

  it('create answers the token once (201, not cached); the list never shows it or its hash', async () => {
    const res = await list.POST(await post(acmeAdmin(), body));
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { key, token } = await res.json();
    expect(token).toMatch(/^crm_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'Zapier', scopes: ['contacts:read', 'deals:write'], prefix: token.slice(0, 12), status: 'active' });
    const listed = await list.GET(await get(acmeOwner()));
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(JSON.parse(text).keys.map((k: { id: string }) => k.id)).toContain(key.id);
    expect(text).not.toContain(token.slice(12));
    expect(text).not.toContain(createHash('sha256').update(token).digest('hex'));
    expect(text).not.toMatch(/token|hash/i);
    expect(await authenticateApiKey(token, '10.0.0.1')).toMatchObject({ keyId: key.id, userId: fx.f.users.admin.id });
  });

  it('revoke (DELETE) and rotate (POST): the old token stops, the new one works and is shown once', async () => {
    const { key, token } = await (await list.POST(await post(acmeAdmin(), body))).json();
    const rotated = await rotate.POST(await requestAs(acmeOwner(), `${BASE}/${key.id}/rotate`, { method: 'POST' }), p(key.id));
    expect(rotated.status).toBe(201);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const next = await rotated.json();
    expect(next.key).toMatchObject({ name: 'Zapier', scopes: ['contacts:read', 'deals:write'], createdBy: fx.f.users.owner.id });
    expect(await authenticateApiKey(token, '10.0.0.1')).toBeNull();
    expect(await authenticateApiKey(next.token, '10.0.0.1')).not.toBeNull();
    const revoked = await one.DELETE(await del(acmeAdmin()), p(next.key.id));
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).key).toMatchObject({ id: next.key.id, status: 'revoked', revokedBy: fx.f.users.admin.id });
    expect(await authenticateApiKey(next.token, '10.0.0.1')).toBeNull();
    // Rotating a revoked key is refused; a new key is the way.
    expect((await rotate.POST(await requestAs(acmeOwner(), BASE, { method: 'POST' }), p(next.key.id))).status).toBe(409);
  });

  it('bad bodies are 422 naming the field, never a 500', async () => {
    const cases: [unknown, string[]][] = [
      [{ name: 'x', scopes: ['contacts:read', 'contacts:admin'] }, ['scopes.1']],
      [{ name: 'x', scopes: [] }, ['scopes']],
      [{ name: 'x', scopes: 'contacts:read' }, ['scopes']],
      [{ name: 'x' }, ['scopes']],
      [{ name: '', scopes: ['contacts:read'] }, ['name']],
      [{ scopes: ['contacts:read'] }, ['name']],
      [{ name: 'x', scopes: ['contacts:read'], expiresAt: '2001-01-01T00:00:00Z' }, ['expiresAt']],
      [{ name: 'x', scopes: ['contacts:read'], expiresAt: 'tomorrow' }, ['expiresAt']],
    ];
    for (const [sent, fields] of cases) {
      const res = await list.POST(await post(acmeAdmin(), sent));
      expect(res.status, JSON.stringify(sent)).toBe(422);
      const { error } = await res.json();
      expect(error.issues.map((i: { path: string }) => i.path)).toEqual(fields);
      expect(error.message).toContain(fields[0]);
    }
    const unknownScope = await (await list.POST(await post(acmeAdmin(), { name: 'x', scopes: ['users:read'] }))).json();
    expect(unknownScope.error.message).toMatch(/scopes\.0: unknown scope; use one of companies:read/);
    expect((await list.POST(await requestAs(acmeAdmin(), BASE, { method: 'POST', body: 'x', contentType: 'text/plain' }))).status).toBe(415);
    expect((await list.POST(await requestAs(acmeAdmin(), BASE, { method: 'POST', body: '{' }))).status).toBe(400);
  });

  it('owners and admins only: no session 401, second factor outstanding 403 mfa_required, rep/manager/auditor 403', async () => {
    const { key } = await (await list.POST(await post(acmeAdmin(), body))).json();
    expect((await list.GET(await get(null))).status).toBe(401);
    const halfSignedIn = await list.GET(await get({ ...acmeAdmin(), mfa: false }));
    expect(halfSignedIn.status).toBe(403);
    expect((await halfSignedIn.json()).error.code).toBe('mfa_required');
    const refused = [
      { userId: fx.f.users.rep.id, tenantId: fx.f.tenants.acme },
      { userId: fx.f.users.auditor.id, tenantId: fx.f.tenants.acme },
      // A manager (in Globex).
      { userId: fx.f.users.both.id, tenantId: fx.f.tenants.globex },
    ];
    for (const who of refused) {
      for (const res of [
        await list.GET(await get(who)),
        await list.POST(await post(who, body)),
        await one.DELETE(await del(who), p(key.id)),
        await rotate.POST(await requestAs(who, BASE, { method: 'POST' }), p(key.id)),
      ]) {
        expect(res.status).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      }
    }
    expect((await (await list.GET(await get(acmeAdmin()))).json()).keys.find((k: { id: string }) => k.id === key.id).status).toBe('active');
  });

  it("another tenant's admin cannot list, revoke or rotate Acme's keys: the same 404 as a made-up id", async () => {
    const { key, token } = await (await list.POST(await post(acmeAdmin(), body))).json();
    const listed = await (await list.GET(await get(globexAdmin()))).json();
    expect(listed.keys.map((k: { id: string }) => k.id)).not.toContain(key.id);
    const answers = [
      await one.DELETE(await del(globexAdmin()), p(key.id)),
      await rotate.POST(await requestAs(globexAdmin(), BASE, { method: 'POST' }), p(key.id)),
      await one.DELETE(await del(globexAdmin()), p(uuidv7())),
      await rotate.POST(await requestAs(globexAdmin(), BASE, { method: 'POST' }), p(uuidv7())),
      await one.DELETE(await del(globexAdmin()), p('not-a-uuid')),
    ];
    const bodies = await Promise.all(answers.map(async (r) => [r.status, await r.json()]));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toEqual([404, { error: { code: 'not_found', message: 'No such API key' } }]);
    // Untouched, and it still yields Acme only.
    expect(await authenticateApiKey(token, '10.0.0.1')).toMatchObject({ tenantId: fx.f.tenants.acme });
    // Globex's own key yields Globex.
    const globexKey = await (await list.POST(await post(globexAdmin(), { name: 'Globex', scopes: ['audit:read'] }))).json();
    expect(await authenticateApiKey(globexKey.token, '10.0.0.1')).toMatchObject({ tenantId: fx.f.tenants.globex, userId: fx.f.users.globexAdmin.id });
  });
});
