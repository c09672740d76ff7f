import { codeSchema } from '@/lib/auth/second-factor';
import { regenerateRecoveryCodes } from '@/lib/auth/totp-enrollment';
import { requestMeta, withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';

/** New recovery codes for a fresh authenticator code; the old ones stop working. */
export function POST(req: Request) {
  return withSession(req, {}, async ({ auth }) => {
    const { code } = await readJson(req, codeSchema, 1_000);
    return { recoveryCodes: await regenerateRecoveryCodes(auth.user.id, code, requestMeta(req)) };
  });
}
