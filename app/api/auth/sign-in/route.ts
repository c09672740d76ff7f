import { NextResponse } from 'next/server';
import { loadAuthState } from '@/lib/auth/auth-state';
import { safeNextPath } from '@/lib/auth/safe-next-path';
import { mintSessionCookie } from '@/lib/auth/session-token';
import { credentialsSchema, signInWithPassword } from '@/lib/auth/sign-in';
import { handle, requestMeta } from '@/lib/auth/with-session';
import { env } from '@/lib/env';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { decodeUtf8, readBodyBytes } from '@/lib/http/read-json';
import { assertSameOrigin } from '@/lib/security/same-origin';

/** Error codes the sign-in page turns into a message (app/(auth)/sign-in/page.tsx). */
export type SignInFormError = 'credentials' | 'locked' | 'ip_not_allowed';

function seeOther(path: string): NextResponse {
  // A relative Location: correct behind any proxy, whatever Host the app sees.
  return new NextResponse(null, { status: 303, headers: { location: path, 'cache-control': 'no-store' } });
}

/**
 * The sign-in form without JavaScript (progressive enhancement; with JavaScript the page uses
 * next-auth's credentials callback). A native form POST: the same password check, lockout and
 * allowlist as next-auth's path (signInWithPassword), then 303 to the next step with the session
 * cookie, or back to the sign-in page with an error code. Security: login CSRF is refused by
 * the same-origin check; the password only ever travels in this POST body.
 */
export function POST(req: Request) {
  return handle(req, async () => {
    assertSameOrigin(req, env().APP_URL);
    if (!(req.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the sign-in form as application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(decodeUtf8(await readBodyBytes(req, 16_000)));
    const next = safeNextPath(form.get('next'));
    const back = (error: SignInFormError) => seeOther(`/sign-in?error=${error}${next === '/today' ? '' : `&next=${encodeURIComponent(next)}`}`);
    const parsed = credentialsSchema.safeParse({ email: form.get('email') ?? '', password: form.get('password') ?? '' });
    if (!parsed.success) return back('credentials');
    let fields;
    try {
      fields = await signInWithPassword(parsed.data, requestMeta(req));
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.RateLimited) return back('locked');
      if (err instanceof AppError && err.code === ErrorCode.IpNotAllowed) return back('ip_not_allowed');
      throw err;
    }
    if (!fields) return back('credentials');
    const auth = await loadAuthState(fields);
    const target = auth?.stage === 'needs_enrollment' ? '/enroll' : auth?.stage === 'needs_second_factor' ? `/sign-in/verify?next=${encodeURIComponent(next)}` : next;
    const res = seeOther(target);
    const cookie = await mintSessionCookie(fields);
    res.cookies.set(cookie.name, cookie.value, cookie.options);
    return res;
  });
}
