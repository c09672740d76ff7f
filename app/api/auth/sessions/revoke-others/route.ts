import { recordAuthEvent } from '@/lib/auth/auth-events';
import { fieldsOf, jsonWithSession } from '@/lib/auth/session-response';
import { bumpSessionVersion } from '@/lib/auth/sessions';
import { withSession } from '@/lib/auth/with-session';

/** "Sign out other devices": every token but the one re-issued here dies at once. */
export function POST(req: Request) {
  return withSession(req, {}, async ({ auth, ctx }) => {
    const sv = await bumpSessionVersion(auth.user.id);
    await recordAuthEvent({ kind: 'sessions.revoke_others', outcome: 'success', userId: ctx.userId, tenantId: ctx.tenantId, ip: ctx.ip, userAgent: ctx.userAgent });
    return jsonWithSession({ ok: true }, { ...fieldsOf(auth.claims), sv });
  });
}
