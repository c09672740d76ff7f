import { withSession } from '@/lib/auth/with-session';
import { rotateWebhookSecret } from '@/lib/webhooks/manage-webhooks';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };

/** A new signing secret, shown this once (never cached); the old one also signs for 24 hours. */
export function POST(req: Request, { params }: Params) {
  return withSession(req, { permission: 'webhooks:manage' }, async ({ ctx }) =>
    Response.json(await rotateWebhookSecret(ctx, parseId((await params).id, 'webhook')), { headers: { 'cache-control': 'no-store' } }),
  );
}
