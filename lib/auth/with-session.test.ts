import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { recordSpans } from '../observability/testing-tracer';
import { sessionCookieName } from './auth-config';
import { revokeSession } from './sessions';
import { mintSessionCookie, type SessionFields } from './session-token';
import { signInWithPassword } from './sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from './testing-fixtures';
import { withSession } from './with-session';

let t: TestDatabase;
let f: Fixture;
const spans = recordSpans();

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

async function requestAs(fields: SessionFields | null, now?: number): Promise<Request> {
  const headers = new Headers();
  if (fields) {
    const c = await mintSessionCookie(fields, now);
    headers.set('cookie', `other=1; ${c.name}=${c.value}`);
  }
  return new Request('http://localhost/api/x', { headers });
}

async function session(email: string): Promise<SessionFields> {
  const s = await signInWithPassword({ email, password: FIXTURE_PASSWORD }, { ip: '10.2.0.1' });
  if (!s) throw new Error('sign-in failed');
  return s;
}

const ok = async () => ({ done: true });

describe('withSession', () => {
  it('traces each request with its tenant, user, request id and status, never a name or email', async () => {
    spans.reset();
    const rep = await session(f.users.rep.email);
    const req = await requestAs(rep);
    const traced = new Request(req.url, { headers: { cookie: req.headers.get('cookie')!, 'x-request-id': 'req-42' } });
    await withSession(traced, {}, ok);
    await withSession(await requestAs(null), {}, ok);
    const [served, refused] = spans.getFinishedSpans().filter((s) => s.name === 'api.request');
    expect(served?.attributes).toEqual({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'crm.tenant_id': f.tenants.acme,
      'enduser.id': f.users.rep.id,
      'crm.request_id': 'req-42',
    });
    expect(refused?.attributes['http.response.status_code']).toBe(401);
    expect(JSON.stringify(spans.getFinishedSpans().map((s) => s.attributes))).not.toContain(f.users.rep.email);
  });

  it('401 without a session, 200 with one', async () => {
    expect((await withSession(await requestAs(null), {}, ok)).status).toBe(401);
    const res = await withSession(await requestAs(await session(f.users.rep.email)), {}, ok);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
  });

  it('refuses a cross-site write even with a valid session cookie (CSRF), allows our own pages', async () => {
    const rep = await session(f.users.rep.email);
    const post = async (site: string) => {
      const r = await requestAs(rep);
      return new Request(r.url, { method: 'POST', headers: { cookie: r.headers.get('cookie')!, 'sec-fetch-site': site, origin: site === 'same-origin' ? 'http://localhost' : 'https://evil.example' } });
    };
    const handler = vi.fn(ok);
    const refused = await withSession(await post('cross-site'), { permission: 'records:create' }, handler);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/Cross-site request refused/);
    expect(handler).not.toHaveBeenCalled();
    expect((await withSession(await post('same-origin'), { permission: 'records:create' }, handler)).status).toBe(200);
  });

  it('403 forbidden when the role lacks the permission (rep on an admin route, auditor writing)', async () => {
    const rep = await withSession(await requestAs(await session(f.users.rep.email)), { permission: 'members:manage' }, ok);
    expect(rep.status).toBe(403);
    expect((await rep.json()).error.code).toBe('forbidden');
    const auditor = await session(f.users.auditor.email);
    expect((await withSession(await requestAs(auditor), { permission: 'records:create' }, ok)).status).toBe(403);
    expect((await withSession(await requestAs(auditor), { permission: 'audit:read' }, ok)).status).toBe(200);
  });

  it('403 mfa_required for an admin who has not enrolled, except on the enrollment routes', async () => {
    const admin = await session(f.users.admin.email);
    const res = await withSession(await requestAs(admin), { permission: 'members:manage' }, ok);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('mfa_required');
    expect((await withSession(await requestAs(admin), { allowStages: ['needs_enrollment'] }, ok)).status).toBe(200);
    expect((await withSession(await requestAs({ ...admin, mfa: true }), { permission: 'members:manage' }, ok)).status).toBe(200);
  });

  it('a revoked session gets 401 at once', async () => {
    const s = await session(f.users.rep.email);
    await revokeSession(s.sid, s.sub, Date.now() / 1000 + 3600);
    expect((await withSession(await requestAs(s), {}, ok)).status).toBe(401);
  });

  it('slides the idle deadline by re-issuing an older cookie, not a fresh one', async () => {
    const s = await session(f.users.rep.email);
    const fresh = await withSession(await requestAs(s), {}, ok);
    expect(fresh.headers.get('set-cookie')).toBeNull();
    const req = await requestAs(s);
    // Ten minutes later (only Date is faked: the database and argon2 keep real timers).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 600_000 });
    const old = await withSession(req, {}, ok).finally(() => vi.useRealTimers());
    const cookie = old.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${sessionCookieName()}=`);
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=lax');
  });

  it('maps an unexpected failure to a 500 without details and an AppError to its status', async () => {
    const s = await session(f.users.rep.email);
    const res = await withSession(await requestAs(s), {}, async () => {
      throw new Error('database password is hunter2');
    });
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('hunter2');
  });
});
