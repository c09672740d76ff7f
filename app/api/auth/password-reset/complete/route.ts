import { completePasswordReset, completePasswordResetSchema } from '@/lib/auth/password-reset';
import { handle, requestMeta } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';

/** Sets a new password from a mailed reset link; every session of the account ends. */
export function POST(req: Request) {
  return handle(req, async () => {
    const input = await readJson(req, completePasswordResetSchema, 4_000);
    const { email } = await completePasswordReset(input, requestMeta(req));
    return Response.json({ email, message: 'Your password is changed, and the account is signed out everywhere. Sign in with the new password.' });
  });
}
