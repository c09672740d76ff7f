// Client-side helpers for the auth screens: JSON calls that turn every error answer into a
// message a person can act on (server messages are written for people already).
import { safeNextPath } from '@/lib/auth/safe-next-path';

export interface ApiResult<T> {
  ok: boolean;
  status: number;
  data?: T;
  message?: string;
}

/** Reads an answer: the JSON body on success, the server's error message otherwise. */
async function read<T>(res: Response): Promise<ApiResult<T>> {
  const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  let message = body?.error?.message ?? 'Something went wrong. Try again.';
  if (res.status === 429 && !body?.error?.message) message = 'Too many attempts. Wait a few minutes and try again.';
  return { ok: false, status: res.status, message };
}

/** Shown when an organization's IP allowlist refuses a sign-in or a page (`?error=ip_not_allowed`). */
export const IP_NOT_ALLOWED_MESSAGE =
  'Your organization only allows sign-in from its approved networks, and this network is not one of them. Ask an owner or admin of your organization.';

/** POSTs (or PUTs/PATCHes) JSON and reads the answer. */
export async function sendJson<T = unknown>(url: string, body: unknown, method = 'POST'): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return await read<T>(res);
  } catch {
    return { ok: false, status: 0, message: 'No connection to the server. Check your network and try again.' };
  }
}

/** GETs JSON. */
export async function getJson<T = unknown>(url: string): Promise<ApiResult<T>> {
  try {
    return await read<T>(await fetch(url, { cache: 'no-store' }));
  } catch {
    return { ok: false, status: 0, message: 'No connection to the server.' };
  }
}

export type Stage = 'ready' | 'needs_enrollment' | 'needs_second_factor';

export interface Me {
  user: { id: string; email: string; name: string };
  tenant: { tenantId: string; tenantName: string; role: string };
  memberships: { tenantId: string; tenantName: string; role: string }[];
  stage: Stage;
  mfaRequired: boolean;
  totpEnrolled: boolean;
}

/** Where a session in this stage must go next. */
export function pathForStage(stage: Stage, next = '/today'): string {
  const safe = safeNextPath(next);
  if (stage === 'needs_enrollment') return '/enroll';
  // The code step goes on to `next` (an invitation or sign-up link waiting for this account).
  if (stage === 'needs_second_factor') return safe === '/today' ? '/sign-in/verify' : `/sign-in/verify?next=${encodeURIComponent(safe)}`;
  return safe;
}

/**
 * Email + password through next-auth's credentials callback (the same requests its own
 * `signIn()` makes), but reading a 429 from our rate limiter instead of failing on it.
 */
export async function signInWithPassword(email: string, password: string): Promise<ApiResult<null>> {
  try {
    const csrf = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await fetch('/api/auth/callback/password', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password, csrfToken: csrf.csrfToken, callbackUrl: '/today', json: 'true' }),
    });
    // 429 comes from our rate limiter; next-auth answers a wrong password with 401 + {url}.
    if (res.status === 429 || res.status >= 500) return read<null>(res);
    const body = (await res.json().catch(() => ({}))) as { url?: string };
    const error = body.url ? new URL(body.url, location.origin).searchParams.get('error') : null;
    // Only reached with the right password: the organization's network allowlist refused it.
    if (error === 'ip_not_allowed') {
      return { ok: false, status: 403, message: IP_NOT_ALLOWED_MESSAGE };
    }
    if (!res.ok || !body.url || error !== null) {
      // Security: one message for unknown email, wrong password and disabled account.
      return { ok: false, status: 401, message: 'That email and password do not match an active account.' };
    }
    return { ok: true, status: 200, data: null };
  } catch {
    return { ok: false, status: 0, message: 'No connection to the server. Check your network and try again.' };
  }
}

/**
 * A full page load, on purpose: after signing in, out or switching tenant the app must start
 * from scratch (fresh session checks, no client state of the previous user or tenant).
 */
export function hardNavigate(path: string): void {
  window.location.assign(path);
}
