import { withSession } from '@/lib/auth/with-session';
import { listColleagues } from '@/lib/tenancy/directory';

export const dynamic = 'force-dynamic';

/**
 * Who the browser syncs as (its local database is named per user and tenant), and the
 * colleagues its screens name: kept on the phone with the identity, so they show offline.
 */
export async function GET(req: Request) {
  return withSession(req, { permission: 'records:read' }, async ({ ctx }) => {
    const people = await listColleagues(ctx.tenantId);
    const team = people.find((p) => p.id === ctx.userId)?.team ?? null;
    return Response.json({ userId: ctx.userId, tenantId: ctx.tenantId, role: ctx.role, team, people });
  });
}
