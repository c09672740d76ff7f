import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { dryRunInput, dryRunWorkflow } from '@/lib/workflows/dry-run';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };

/** Test run of the draft: no writes, no webhooks, no waiting. */
export function POST(req: Request, { params }: Params) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => {
      const id = parseId((await params).id, 'workflow');
      return Response.json({ result: await dryRunWorkflow(ctx, id, await readJson(req, dryRunInput)) });
    });
}
