import { codeSchema, verifySecondFactor } from '@/lib/auth/second-factor';
import { fieldsOf, jsonWithSession } from '@/lib/auth/session-response';
import { requestMeta, withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';

/** Second sign-in step: a TOTP or recovery code marks this session as having passed it. */
export function POST(req: Request) {
  return withSession(req, { allowStages: ['needs_second_factor'] }, async ({ auth }) => {
    const { code } = await readJson(req, codeSchema, 1_000);
    const used = await verifySecondFactor(auth.user.id, code, requestMeta(req));
    return jsonWithSession({ ok: true, used }, { ...fieldsOf(auth.claims), mfa: true });
  });
}
