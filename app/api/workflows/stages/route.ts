import { withSession } from '@/lib/auth/with-session';
import { listStageChoices } from '@/lib/workflows/manage-workflows';

/** The tenant's deal stages for the builder's stage pickers. */
export function GET(req: Request) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => Response.json({ stages: await listStageChoices(ctx) }));
}
