import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { getWorkflow, saveDraft, saveDraftInput } from '@/lib/workflows/manage-workflows';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };
const permission = 'workflows:manage';

export function GET(req: Request, { params }: Params) {
  return withSession(req, { permission }, async ({ ctx }) => Response.json({ workflow: await getWorkflow(ctx, parseId((await params).id, 'workflow')) }));
}

/** Autosave of the draft (optimistic: 409 when the revision is stale). */
export function PUT(req: Request, { params }: Params) {
  return withSession(req, { permission }, async ({ ctx }) => {
      const id = parseId((await params).id, 'workflow');
      return Response.json({ workflow: await saveDraft(ctx, id, await readJson(req, saveDraftInput)) });
    });
}
