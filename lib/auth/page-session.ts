import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { clientIp } from '../http/client-ip';
import { isAllowed } from '../security/ip-allowlist';
import { metrics } from '../observability/metrics';
import type { SessionContext } from './session-context';
import { sessionCookieName } from './auth-config';
import { loadAuthState, type AuthState } from './auth-state';
import { provenSession } from './proven-session';
import { can, type Permission } from './roles';
import { readSessionCookie } from './session-token';

/**
 * For online-only server pages (admin, account): the live session, or a redirect to sign-in
 * or to the outstanding second-factor step. `allowed` is false when the role lacks
 * `permission`; the page then renders a refusal instead of data.
 */
export async function requirePageSession(path: string, permission?: Permission): Promise<{ auth: AuthState; ctx: SessionContext; allowed: boolean }> {
  const store = await cookies();
  const claims = await readSessionCookie(store.get(sessionCookieName())?.value);
  const auth = claims ? await loadAuthState(claims) : null;
  if (!auth) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  const ip = clientIp(await headers());
  // Security: the same network allowlist as the API (withSession), before any page data loads.
  if (!isAllowed(ip, auth.tenant.ipAllowlist)) {
    metrics().ipBlocked.inc({ stage: 'page' });
    redirect('/sign-in?error=ip_not_allowed');
  }
  if (auth.stage === 'needs_enrollment') redirect('/enroll');
  if (auth.stage === 'needs_second_factor') redirect(`/sign-in/verify?next=${encodeURIComponent(path)}`);
  const ctx: SessionContext = { userId: auth.user.id, tenantId: auth.tenant.tenantId, role: auth.tenant.role, ip };
  return { auth, ctx, allowed: !permission || can(auth.tenant.role, permission) };
}

/**
 * For public pages that act for a signed-in person when there is one (a sign-up or invite link
 * for an existing account): that person, or null (the rule is provenSession's).
 */
export async function optionalPageUser(): Promise<{ id: string; email: string } | null> {
  const store = await cookies();
  const claims = await readSessionCookie(store.get(sessionCookieName())?.value);
  const auth = provenSession(claims ? await loadAuthState(claims) : null);
  return auth ? { id: auth.user.id, email: auth.user.email } : null;
}
