import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll } from 'vitest';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { mintSessionCookie } from './session-token';
import { signInWithPassword } from './sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from './testing-fixtures';

/**
 * Test tooling for route tests through the real withSession: signs `email` in with the
 * fixture password (lib/auth/testing-fixtures.ts) and returns a request builder carrying its
 * session cookie, as the person's browser would send it.
 */
export async function signedInAs(email: string): Promise<(url: string, init?: { method?: string; body?: string }) => Request> {
  const fields = await signInWithPassword({ email, password: FIXTURE_PASSWORD }, { ip: '10.2.0.1' });
  if (!fields) throw new Error(`sign-in of ${email} failed`);
  const c = await mintSessionCookie(fields);
  return (url, init = {}) =>
    new Request(url, {
      method: init.method ?? 'GET',
      body: init.body,
      headers: { cookie: `${c.name}=${c.value}`, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
    });
}

/**
 * Test tooling for route tests through the real withSession when the people have no password
 * (the workflow engine fixture): a request carrying a session cookie minted for `who`, second
 * factor done unless `mfa` is false, as their browser would send it. withSession still reads the membership, role
 * and session version from the database; `null` sends no cookie. Call prepareAuthSecrets
 * (testing-fixtures.ts) first. A body is sent as JSON unless `contentType` says otherwise.
 */
export async function requestAs(
  who: { userId: string; tenantId: string; mfa?: boolean } | null,
  url: string,
  init: { method?: string; body?: string; contentType?: string | null } = {},
): Promise<Request> {
  const headers = new Headers({ 'sec-fetch-site': 'same-origin' });
  if (who) {
    const c = await mintSessionCookie({ sub: who.userId, sid: uuidv7(), sv: 0, tid: who.tenantId, mfa: who.mfa ?? true, auth: Math.floor(Date.now() / 1000) });
    headers.set('cookie', `${c.name}=${c.value}`);
  }
  const type = init.contentType === undefined ? (init.body === undefined ? null : 'application/json') : init.contentType;
  if (type) headers.set('content-type', type);
  return new Request(url, { method: init.method ?? 'GET', headers, body: init.body });
}

/**
 * Test tooling: registers beforeAll/afterAll for a test file that needs a fresh migrated
 * database as the process default, seeded with the auth fixture (two tenants, a user per role).
 * Read `t` and `f` inside tests, once beforeAll has run.
 */
export function useAuthFixtureDatabase(): { readonly t: TestDatabase; readonly f: Fixture } {
  const state = {} as { t: TestDatabase; f: Fixture };
  beforeAll(async () => {
    state.t = await createTestDatabase();
    setDb(state.t.db);
    state.f = await seedAuthFixture(state.t.db);
  });
  afterAll(async () => {
    setDb(undefined);
    await state.t.dispose();
  });
  return state;
}
