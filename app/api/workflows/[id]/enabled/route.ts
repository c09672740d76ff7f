import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { setEnabledInput, setWorkflowEnabled } from '@/lib/workflows/manage-workflows';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };

/** Switches a workflow on or off (`{ "enabled": false }`); audited. */
export function PUT(req: Request, { params }: Params) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => {
    const id = parseId((await params).id, 'workflow');
    const { enabled } = await readJson(req, setEnabledInput, 1_000);
    return Response.json(await setWorkflowEnabled(ctx, id, enabled));
  });
}
