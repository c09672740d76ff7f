import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { deleteWebhook, getWebhook, updateWebhook } from '@/lib/webhooks/manage-webhooks';
import { updateWebhookInput } from '@/lib/webhooks/webhook-input';
import { parseId } from '@/lib/workflows/route-params';

type Params = { params: Promise<{ id: string }> };
const permission = 'webhooks:manage';

export function GET(req: Request, { params }: Params) {
  return withSession(req, { permission }, async ({ ctx }) => Response.json({ subscription: await getWebhook(ctx, parseId((await params).id, 'webhook')) }));
}

/** Changes the URL, event types, description or on/off switch (any of them). */
export function PATCH(req: Request, { params }: Params) {
  return withSession(req, { permission }, async ({ ctx }) => {
    const id = parseId((await params).id, 'webhook');
    return Response.json({ subscription: await updateWebhook(ctx, id, await readJson(req, updateWebhookInput, 8_000)) });
  });
}

/** Deletes the subscription and its delivery log. */
export function DELETE(req: Request, { params }: Params) {
  return withSession(req, { permission }, async ({ ctx }) => {
    await deleteWebhook(ctx, parseId((await params).id, 'webhook'));
    return new Response(null, { status: 204 });
  });
}
