import { assertSignupAllowed } from '@/lib/auth/attempt-limits';
import { handle, requestMeta } from '@/lib/auth/with-session';
import { mailedLinkBase } from '@/lib/mail/mail-config';
import { readJson } from '@/lib/http/read-json';
import { getMailer } from '@/lib/mail/mailer';
import { requestOrganization, requestOrganizationSchema, SIGNUP_MAILED_MESSAGE } from '@/lib/tenancy/create-organization';

/**
 * Starts creating an organization: mails a single-use link to the address. Security: 202 with
 * the same body for every address, so it tells no one whether an account exists and never
 * checks a password (the link's page finishes the sign-up).
 */
export function POST(req: Request) {
  return handle(req, async () => {
    const meta = requestMeta(req);
    await assertSignupAllowed(meta.ip);
    const input = await readJson(req, requestOrganizationSchema, 4_000);
    await requestOrganization(input, mailedLinkBase(req), getMailer(), meta);
    return Response.json({ message: SIGNUP_MAILED_MESSAGE }, { status: 202 });
  });
}
