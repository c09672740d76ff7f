import { withSession } from '@/lib/auth/with-session';
import { healthReport } from '@/lib/observability/health-report';

export const dynamic = 'force-dynamic';

/** The figures of /admin/health as JSON (owners and admins). */
export function GET(req: Request) {
  return withSession(req, { permission: 'settings:manage' }, ({ ctx }) => healthReport(ctx));
}
