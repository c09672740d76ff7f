import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { createWebhookInput } from '@/lib/webhooks/webhook-input';
import { createWebhook, listWebhooks } from '@/lib/webhooks/manage-webhooks';

const permission = 'webhooks:manage';

/** The organization's webhook subscriptions (never their secrets). */
export function GET(req: Request) {
  return withSession(req, { permission }, async ({ ctx }) => Response.json({ webhooks: await listWebhooks(ctx) }));
}

/** Makes a subscription: `{ subscription, secret }`, the secret shown this once (so the answer is never cached). */
export function POST(req: Request) {
  return withSession(req, { permission }, async ({ ctx }) =>
    Response.json(await createWebhook(ctx, await readJson(req, createWebhookInput, 8_000)), { status: 201, headers: { 'cache-control': 'no-store' } }),
  );
}
