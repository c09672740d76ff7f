import NextAuth from 'next-auth';
import { assertNotLocked } from '@/lib/auth/attempt-limits';
import { authOptions, PASSWORD_PROVIDER } from '@/lib/auth/next-auth-options';
import { handle, requestMeta } from '@/lib/auth/with-session';

type Ctx = { params: Promise<{ nextauth: string[] }> };

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
    const { nextauth } = await ctx.params;
    if (nextauth[0] === 'callback' && nextauth[1] === PASSWORD_PROVIDER) {
      const form = new URLSearchParams(await req.clone().text());
      const email = (form.get('email') ?? '').trim().toLowerCase();
      await assertNotLocked({ account: `pw:${email}`, ip: requestMeta(req).ip });
    }
    return nextAuth(req, ctx);
  });
}
