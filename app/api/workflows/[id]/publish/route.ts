import { withSession } from '@/lib/auth/with-session';
import { publishWorkflow } from '@/lib/workflows/manage-workflows';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };

/** Publishes the draft as a new immutable version (422 listing every issue when invalid). */
export function POST(req: Request, { params }: Params) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => Response.json(await publishWorkflow(ctx, parseId((await params).id, 'workflow')), { status: 201 }));
}
