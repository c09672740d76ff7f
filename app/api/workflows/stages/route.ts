import { withSession } from '@/lib/auth/with-session';
import { listPipelineChoices } from '@/lib/workflows/manage-workflows';

/** The tenant's pipelines and deal stages for the builder's pickers. */
export function GET(req: Request) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => Response.json(await listPipelineChoices(ctx)));
}
