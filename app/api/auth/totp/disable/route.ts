import { codeSchema } from '@/lib/auth/second-factor';
import { fieldsOf, jsonWithSession } from '@/lib/auth/session-response';
import { bumpSessionVersion } from '@/lib/auth/sessions';
import { disableTotp } from '@/lib/auth/totp-enrollment';
import { requestMeta, withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';

/** Turns two-factor authentication off (needs a fresh code) and signs out other devices. */
export function POST(req: Request) {
  return withSession(req, {}, async ({ auth }) => {
    const { code } = await readJson(req, codeSchema, 1_000);
    await disableTotp(auth.user.id, code, requestMeta(req));
    const sv = await bumpSessionVersion(auth.user.id);
    return jsonWithSession({ ok: true }, { ...fieldsOf(auth.claims), sv, mfa: false });
  });
}
