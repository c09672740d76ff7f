import { withSession } from '@/lib/auth/with-session';
import { listTenantPeople } from '@/lib/workflows/manage-workflows';

/** Members of the tenant for the builder's assignee and team pickers. */
export function GET(req: Request) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => Response.json({ people: await listTenantPeople(ctx) }));
}
