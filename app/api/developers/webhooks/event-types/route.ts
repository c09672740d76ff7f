import { withSession } from '@/lib/auth/with-session';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';

/** Every event type a subscription can choose. */
export function GET(req: Request) {
  return withSession(req, { permission: 'webhooks:manage' }, async () => Response.json({ eventTypes: WEBHOOK_EVENT_TYPES }));
}
