import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST as needsJavascript } from '@/app/api/forms/needs-javascript/route';
import { POST as signIn } from '@/app/api/auth/sign-in/route';
import { sessionCookieName } from '@/lib/auth/auth-config';
import { LIMITS } from '@/lib/auth/auth-config';
import { readSessionCookie } from '@/lib/auth/session-token';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { resetLimiters } from '@/lib/ratelimit/limiter';

// Issue 13, item 12: the sign-in form works without JavaScript as a POST (never a GET with the
// password in the URL), through the same password check and lockout as next-auth's path.

let t: TestDatabase;
let f: Fixture;
beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});
beforeEach(() => resetLimiters());

function post(fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return signIn(
    new Request('http://localhost/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

describe('POST /api/auth/sign-in (the form without JavaScript)', () => {
  it('signs in and sends the browser on with a session cookie (303), keeping a safe next', async () => {
    const res = await post({ email: f.users.rep.email, password: FIXTURE_PASSWORD, next: '/deals' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/deals');
    const cookie = new RegExp(`${sessionCookieName()}=([^;]+)`).exec(res.headers.get('set-cookie') ?? '')?.[1];
    expect((await readSessionCookie(decodeURIComponent(cookie ?? '')))?.sub).toBe(f.users.rep.id);
    expect((await post({ email: f.users.rep.email, password: FIXTURE_PASSWORD, next: '//evil.example' })).headers.get('location')).toBe('/today');
  });

  it('an owner or admin is sent to enrollment first', async () => {
    expect((await post({ email: f.users.admin.email, password: FIXTURE_PASSWORD })).headers.get('location')).toBe('/enroll');
  });

  it('a wrong password goes back to the sign-in page with an error code, never the password', async () => {
    const res = await post({ email: f.users.rep.email, password: 'not the password', next: '/deals' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?error=credentials&next=%2Fdeals');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('counts on the same lockout as every password check', async () => {
    for (let i = 0; i < LIMITS.accountFailures; i++) await post({ email: f.users.auditor.email, password: `wrong ${i}` });
    expect((await post({ email: f.users.auditor.email, password: FIXTURE_PASSWORD })).headers.get('location')).toBe('/sign-in?error=locked');
  });

  it('refuses a cross-site post (login CSRF) and a body that is not a form', async () => {
    expect((await post({ email: f.users.rep.email, password: FIXTURE_PASSWORD }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ email: f.users.rep.email, password: FIXTURE_PASSWORD }, { 'content-type': 'application/json' })).status).toBe(415);
  });
});

describe('POST /api/forms/needs-javascript', () => {
  it('sends the browser to the explanation page with the form’s path, without reading or echoing the body', async () => {
    const res = await needsJavascript(
      new Request('http://localhost/api/forms/needs-javascript', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'http://localhost/sign-in/verify?next=%2Fdeals' },
        body: 'code=123456&password=hunter2-secret',
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/needs-javascript?back=%2Fsign-in%2Fverify');
    expect(await res.text()).not.toContain('hunter2');
    // Only ever a path on this site: a foreign Referer gives its path here, `//host` gives sign-in.
    const foreign = await needsJavascript(new Request('http://localhost/api/forms/needs-javascript', { method: 'POST', headers: { referer: 'https://evil.example/x"><script>' }, body: 'x' }));
    expect(foreign.headers.get('location')).toBe(`/needs-javascript?back=${encodeURIComponent('/x%22%3E%3Cscript%3E')}`);
    const offsite = await needsJavascript(new Request('http://localhost/api/forms/needs-javascript', { method: 'POST', headers: { referer: 'https://evil.example//other.example/' }, body: 'x' }));
    expect(offsite.headers.get('location')).toBe('/needs-javascript?back=%2Fsign-in');
  });
});
