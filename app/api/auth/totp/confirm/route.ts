import { codeSchema } from '@/lib/auth/second-factor';
import { fieldsOf, jsonWithSession } from '@/lib/auth/session-response';
import { bumpSessionVersion } from '@/lib/auth/sessions';
import { confirmEnrollment } from '@/lib/auth/totp-enrollment';
import { requestMeta, withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';

/**
 * Confirms enrollment with a first code; answers the ten recovery codes (shown once). The
 * factor changed, so every other session is signed out and this one has passed it.
 */
export function POST(req: Request) {
  return withSession(req, { allowStages: ['needs_enrollment'] }, async ({ auth }) => {
    const { code } = await readJson(req, codeSchema, 1_000);
    const recoveryCodes = await confirmEnrollment(auth.user.id, code, requestMeta(req));
    const sv = await bumpSessionVersion(auth.user.id);
    return jsonWithSession({ recoveryCodes }, { ...fieldsOf(auth.claims), sv, mfa: true });
  });
}
