import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { listDeliveries } from '@/lib/webhooks/webhook-deliveries';
import { listDeliveriesQuery } from '@/lib/webhooks/webhook-input';
import { parseId, searchParams } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };

/** The delivery log, newest first: ?limit=50&before=<deliveryId>&status=failed&eventType=deals.updated. */
export function GET(req: Request, { params }: Params) {
  return withSession(req, { permission: 'webhooks:manage' }, async ({ ctx }) => {
    const id = parseId((await params).id, 'webhook');
    const q = listDeliveriesQuery.safeParse(searchParams(req));
    if (!q.success) throw new AppError(ErrorCode.Validation, 'Invalid filter', q.error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message })));
    return Response.json(await listDeliveries(ctx, id, q.data));
  });
}
