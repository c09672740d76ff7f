import { assertResetAllowed } from '@/lib/auth/attempt-limits';
import { requestPasswordReset, requestPasswordResetSchema, RESET_MAILED_MESSAGE } from '@/lib/auth/password-reset';
import { handle, requestMeta } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { mailedLinkBase } from '@/lib/mail/mail-config';
import { getMailer } from '@/lib/mail/mailer';

/**
 * Asks for a password reset link. Security: 202 with the same body for every address, so it
 * tells no one whether an account exists (lib/auth/password-reset.ts); limited per client
 * address and, silently, per mailbox.
 */
export function POST(req: Request) {
  return handle(req, async () => {
    const meta = requestMeta(req);
    await assertResetAllowed(meta.ip);
    const input = await readJson(req, requestPasswordResetSchema, 4_000);
    await requestPasswordReset(input, mailedLinkBase(req), getMailer(), meta);
    return Response.json({ message: RESET_MAILED_MESSAGE }, { status: 202 });
  });
}
