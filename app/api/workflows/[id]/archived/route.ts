import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { setArchivedInput, setWorkflowArchived } from '@/lib/workflows/manage-workflows';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };

/** Archives a workflow (`{ "archived": true }`: off, out of the list, history kept) or restores it; audited. */
export function PUT(req: Request, { params }: Params) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => {
    const id = parseId((await params).id, 'workflow');
    const { archived } = await readJson(req, setArchivedInput, 1_000);
    return Response.json(await setWorkflowArchived(ctx, id, archived));
  });
}
