import { z } from 'zod';
import { recordAuthEvent } from '@/lib/auth/auth-events';
import { fieldsOf, jsonWithSession } from '@/lib/auth/session-response';
import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { readJson } from '@/lib/http/read-json';
import { assertIpAllowed } from '@/lib/security/enforce-allowlist';

const schema = z.object({ tenantId: z.uuid() });

/** Switches the session to another tenant the user is an active member of. */
export function POST(req: Request) {
  return withSession(req, { allowStages: ['needs_enrollment'] }, async ({ auth, ctx }) => {
    const { tenantId } = await readJson(req, schema, 1_000);
    const target = auth.memberships.find((m) => m.tenantId === tenantId);
    if (!target) throw new AppError(ErrorCode.NotFound, 'You are not a member of that organization.');
    // Security: the target organization's allowlist decides, not the current one's.
    assertIpAllowed(ctx.ip ?? '', target.ipAllowlist, 'tenant_switch');
    await recordAuthEvent({ kind: 'tenant.switch', outcome: 'success', userId: ctx.userId, tenantId, ip: ctx.ip, detail: { from: ctx.tenantId } });
    return jsonWithSession({ ok: true }, { ...fieldsOf(auth.claims), tid: tenantId });
  });
}
