import { withSession } from '@/lib/auth/with-session';
import { getDelivery } from '@/lib/webhooks/webhook-deliveries';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string; deliveryId: string }> };

/** One delivery: its event payload and every attempt with its response code or error. */
export function GET(req: Request, { params }: Params) {
  return withSession(req, { permission: 'webhooks:manage' }, async ({ ctx }) => {
    const p = await params;
    return Response.json({ delivery: await getDelivery(ctx, parseId(p.id, 'webhook'), parseId(p.deliveryId, 'delivery')) });
  });
}
