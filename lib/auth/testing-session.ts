import 'server-only';
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
