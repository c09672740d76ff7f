import { withSession } from '@/lib/auth/with-session';
import { redeliver } from '@/lib/webhooks/webhook-deliveries';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string; deliveryId: string }> };

/** Sends a delivered or failed delivery once more (same event id, fresh signature): 202, the attempt runs on the queue. */
export function POST(req: Request, { params }: Params) {
  return withSession(req, { permission: 'webhooks:manage' }, async ({ ctx }) => {
    const p = await params;
    return Response.json({ delivery: await redeliver(ctx, parseId(p.id, 'webhook'), parseId(p.deliveryId, 'delivery')) }, { status: 202 });
  });
}
