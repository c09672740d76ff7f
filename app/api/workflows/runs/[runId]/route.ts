import { withSession } from '@/lib/auth/with-session';
import { getRun } from '@/lib/workflows/run-history';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ runId: string }> };

/** One run with its step history. */
export function GET(req: Request, { params }: Params) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => Response.json({ run: await getRun(ctx, parseId((await params).runId, 'run')) }));
}
