import { withSession } from '@/lib/auth/with-session';

/** Who is signed in, where, and what is still outstanding (the client gate reads `stage`). */
export function GET(req: Request) {
  return withSession(req, { allowStages: ['needs_enrollment', 'needs_second_factor'] }, async ({ auth }) => ({
    user: auth.user,
    // Security: allowlists describe the organizations' networks; members need not see them.
    tenant: { tenantId: auth.tenant.tenantId, tenantName: auth.tenant.tenantName, role: auth.tenant.role, plan: auth.tenant.plan },
    memberships: auth.memberships.map(({ tenantId, tenantName, role }) => ({ tenantId, tenantName, role })),
    stage: auth.stage,
    mfaRequired: auth.mfaRequired,
    totpEnrolled: auth.totpEnrolled,
  }));
}
