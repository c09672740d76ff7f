import 'server-only';
import { mintSessionCookie } from './session-token';
import { signInWithPassword } from './sign-in';
import { FIXTURE_PASSWORD } from './testing-fixtures';

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
