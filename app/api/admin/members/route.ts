import { withSession } from '@/lib/auth/with-session';
import { listMembers } from '@/lib/tenancy/members';

/** Members of the current organization (owners and admins). */
export function GET(req: Request) {
  return withSession(req, { permission: 'members:manage' }, async ({ ctx }) => ({ members: await listMembers(ctx) }));
}
