import 'server-only';
import { Webhook } from 'standardwebhooks';

/** The Standard Webhooks request headers. */
export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';

/**
 * The headers of one attempt, signed per the Standard Webhooks scheme by its reference library
 * (HMAC-SHA256 over `<id>.<timestamp>.<body>`). One `v1,<base64>` signature per secret,
 * space-separated: during a rotation's overlap receivers holding either secret verify it.
 * The timestamp is the attempt's own (receivers refuse old ones), the id the event's.
 */
export function signedHeaders(eventId: string, body: string, secrets: readonly string[], at: Date): Record<string, string> {
  const signatures = secrets.map((s) => new Webhook(s).sign(eventId, at, body));
  return {
    'content-type': 'application/json',
    'user-agent': 'crm-ai-webhooks/1',
    [WEBHOOK_ID_HEADER]: eventId,
    [WEBHOOK_TIMESTAMP_HEADER]: String(Math.floor(at.getTime() / 1000)),
    [WEBHOOK_SIGNATURE_HEADER]: signatures.join(' '),
  };
}
