import { provenSession } from '@/lib/auth/proven-session';
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
    return acceptInvite(input, requestMeta(req), provenSession(await sessionOf(req))?.user.id ?? null);
  });
}
