import NextAuth from 'next-auth';
import { assertNotLocked, passwordAttemptKeys } from '@/lib/auth/attempt-limits';
import { authOptions, PASSWORD_PROVIDER } from '@/lib/auth/next-auth-options';
import { handle, requestMeta } from '@/lib/auth/with-session';
import { withBoundedBody } from '@/lib/http/bounded-request';
import { decodeUtf8 } from '@/lib/http/read-json';

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** Largest body next-auth is handed, bytes: the sign-in form (CSRF token, email, password, callback URL) is about 1 KB. */
const AUTH_MAX_BODY_BYTES = 16_000;

const nextAuth = (req: Request, ctx: Ctx) => NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;

export function GET(req: Request, ctx: Ctx): Promise<Response> {
  return handle(req, () => nextAuth(req, ctx));
}

/**
 * next-auth handles the credentials callback; in front of it, a locked account or IP gets a
 * real 429 with Retry-After (next-auth itself can only redirect with an error).
 */
export function POST(req: Request, ctx: Ctx): Promise<Response> {
  return handle(req, async () => {
    // Security: next-auth reads the whole body with req.text() before anything looks at its
    // size (200 MB chunked to the callback grew the server to 1.39 GB). Read it here as a
    // stream, refusing (413) past the limit, and hand next-auth a copy made of those bytes.
    const { request, body } = await withBoundedBody(req, AUTH_MAX_BODY_BYTES);
    const { nextauth } = await ctx.params;
    if (nextauth[0] === 'callback' && nextauth[1] === PASSWORD_PROVIDER) {
      const form = new URLSearchParams(decodeUtf8(body));
      const email = (form.get('email') ?? '').trim().toLowerCase();
      await assertNotLocked(passwordAttemptKeys(email, requestMeta(req).ip));
    }
    return nextAuth(request, ctx);
  });
}
