import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { getRun } from '@/lib/workflows/run-history';
import { parseId } from '@/lib/workflows/route-params';
import { getWorkflowEngine } from '@/lib/workflows/start-workers';

type Params = { params: Promise<{ runId: string }> };

/** Cancels a run that has not finished. */
export function POST(req: Request, { params }: Params) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => {
      const runId = parseId((await params).runId, 'run');
      await getRun(ctx, runId); // 404 for another tenant's run, before any change
      const engine = await getWorkflowEngine();
      if (!(await engine.cancelRun(ctx.tenantId, runId))) throw new AppError(ErrorCode.Conflict, 'Only a queued, running or waiting run can be cancelled');
      return Response.json({ ok: true });
    });
}
