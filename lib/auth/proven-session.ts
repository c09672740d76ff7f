import 'server-only';
import type { AuthState } from './auth-state';

/**
 * The session when it proves who its person is: signed in, and past the second factor when
 * that account has one (a session that only still has to enroll one counts: it has no factor
 * to pass). Null otherwise. The one rule for acting as "signed in as that account" on public
 * links (completing a sign-up, accepting an invite, the pages that show them).
 * Security: a session waiting for its code has only proved the password, so it must not take
 * an account into a new organization.
 */
export function provenSession(auth: AuthState | null): AuthState | null {
  return auth && auth.stage !== 'needs_second_factor' ? auth : null;
}
