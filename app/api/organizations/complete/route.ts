import { NextResponse } from 'next/server';
import { v7 as uuidv7 } from 'uuid';
import { provenSession } from '@/lib/auth/proven-session';
import { mintSessionCookie } from '@/lib/auth/session-token';
import { handle, requestMeta, sessionOf } from '@/lib/auth/with-session';
import { env } from '@/lib/env';
import { readJson } from '@/lib/http/read-json';
import { assertSameOrigin } from '@/lib/security/same-origin';
import { completeSignup, completeSignupSchema } from '@/lib/tenancy/create-organization';

/**
 * Finishes a sign-up from its mailed link and starts a session in the new organization (whose
 * owner must then enroll a second factor). An existing account must be signed in as itself.
 */
export function POST(req: Request) {
  return handle(req, async () => {
    // Security: this route reads the session cookie, so it gets the same cross-site check as withSession.
    assertSameOrigin(req, env().APP_URL);
    const input = await readJson(req, completeSignupSchema, 4_000);
    const signedIn = provenSession(await sessionOf(req));
    const created = await completeSignup(input, signedIn?.user.id ?? null, requestMeta(req));
    const now = Math.floor(Date.now() / 1000);
    // The link proved the mailbox and, for an existing account, the session proved the person:
    // the new session starts in the new organization. An existing session keeps its sign-in time
    // and second factor; the owner role still sends it through enrollment if it has none.
    const fields = signedIn && signedIn.user.id === created.userId
      ? { sub: signedIn.claims.sub, sid: signedIn.claims.sid, sv: signedIn.claims.sv, mfa: signedIn.claims.mfa, auth: signedIn.claims.auth, tid: created.tenantId }
      : { sub: created.userId, sid: uuidv7(), sv: 0, mfa: false, auth: now, tid: created.tenantId };
    const res = NextResponse.json({ tenantId: created.tenantId, email: created.email }, { status: 201 });
    const cookie = await mintSessionCookie(fields, now);
    res.cookies.set(cookie.name, cookie.value, cookie.options);
    return res;
  });
}
