import { changePassword, changePasswordSchema } from '@/lib/auth/change-password';
import { fieldsOf, jsonWithSession } from '@/lib/auth/session-response';
import { requestMeta, withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';

/** Changes the password; other devices are signed out, this session continues. */
export function POST(req: Request) {
  return withSession(req, {}, async ({ auth }) => {
    const input = await readJson(req, changePasswordSchema, 4_000);
    const sv = await changePassword(auth.user.id, input, requestMeta(req));
    return jsonWithSession({ ok: true }, { ...fieldsOf(auth.claims), sv });
  });
}
