import { withSession } from '@/lib/auth/with-session';
import { rotateHookSecret } from '@/lib/workflows/receive-hook';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };

/** New signing secret for the workflow's incoming webhook (shown once; replaces the old one). */
export function POST(req: Request, { params }: Params) {
  return withSession(req, { permission: 'workflows:manage' }, async ({ ctx }) => Response.json(await rotateHookSecret(ctx, parseId((await params).id, 'workflow')), { status: 201 }));
}
