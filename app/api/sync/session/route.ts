import { withSession } from '@/lib/auth/with-session';

export const dynamic = 'force-dynamic';

/** Who the browser syncs as: its local database is named per user and tenant. */
export async function GET(req: Request) {
  return withSession(req, {
    permission: 'records:read',
  }, async ({ ctx }) => Response.json({ userId: ctx.userId, tenantId: ctx.tenantId, role: ctx.role }));
}
