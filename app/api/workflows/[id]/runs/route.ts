import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { readJson } from '@/lib/http/read-json';
import { listRuns, listRunsQuery } from '@/lib/workflows/run-history';
import { parseId, searchParams } from '@/lib/workflows/route-params';
import { startRun, startRunInput } from '@/lib/workflows/start-run';
import { getWorkflowEngine } from '@/lib/workflows/start-workers';

type Params = { params: Promise<{ id: string }> };
const permission = 'workflows:manage';

/** Run history, newest first: ?status=failed&limit=50&before=<runId>. */
export function GET(req: Request, { params }: Params) {
  return withSession(req, { permission }, async ({ ctx }) => {
      const id = parseId((await params).id, 'workflow');
      const q = listRunsQuery.safeParse(searchParams(req));
      if (!q.success) throw new AppError(ErrorCode.Validation, 'Invalid filter', q.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return Response.json({ runs: await listRuns(ctx, id, q.data) });
    });
}

/** Manual run of the published version. */
export function POST(req: Request, { params }: Params) {
  return withSession(req, { permission }, async ({ ctx }) => {
      const id = parseId((await params).id, 'workflow');
      const input = await readJson(req, startRunInput, 128_000);
      return Response.json({ runId: await startRun(await getWorkflowEngine(), ctx, id, input) }, { status: 201 });
    });
}
