import { handle, requestMeta, sessionOf } from '@/lib/auth/with-session';
import { env } from '@/lib/env';
import { readJson } from '@/lib/http/read-json';
import { assertSameOrigin } from '@/lib/security/same-origin';
import { acceptInvite, acceptInviteSchema } from '@/lib/tenancy/invites';

/**
 * Accepts an invite link once. A new person sets name and password (then signs in as usual);
 * an invite to an existing account is accepted only by that account, signed in.
 */
export function POST(req: Request) {
  return handle(req, async () => {
    // Security: this route reads the session cookie, so it gets the same cross-site check as withSession.
    assertSameOrigin(req, env().APP_URL);
    const input = await readJson(req, acceptInviteSchema, 4_000);
    const auth = await sessionOf(req);
    // A session still waiting for its second factor has not proved who it is yet.
    const userId = auth && auth.stage !== 'needs_second_factor' ? auth.user.id : null;
    return acceptInvite(input, requestMeta(req), userId);
  });
}
