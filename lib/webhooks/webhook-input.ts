import 'server-only';
import { z } from 'zod';
import { safeText } from '@/sync/schema/safe-values';
import { env } from '../env';
import { obviousTargetProblem, webhookAddressPolicy } from '../workflows/webhook-delivery';
import { webhookEventTypeSchema } from './event-types';
import { DELIVERY_PAGE_DEFAULT, DELIVERY_PAGE_MAX } from './webhook-settings';

/**
 * Why `url` can never be a webhook target, or null. https only; http too when private targets
 * are allowed (WEBHOOK_ALLOW_PRIVATE_TARGETS=1: tests and development, where receivers run on
 * plain http). No user name or password in the URL (it would be shown and logged). Addresses
 * that are obviously private (IP literals, localhost) are refused now, naming the field; every
 * delivery checks the resolved address again (a name can resolve, and re-resolve, anywhere).
 */
export function targetUrlProblem(url: string, allowPrivate = env().WEBHOOK_ALLOW_PRIVATE_TARGETS === '1'): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && allowPrivate)) return 'must be an https:// URL';
  if (u.username || u.password) return 'must not contain a user name or password';
  return obviousTargetProblem(url, webhookAddressPolicy(allowPrivate));
}

const targetUrl = z
  .string()
  .trim()
  .min(1, 'a webhook needs a URL')
  .max(2048)
  .superRefine((v, ctx) => {
    const problem = targetUrlProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Event types, each at most once (repeats are dropped, the order kept). */
const eventTypes = z
  .array(webhookEventTypeSchema)
  .min(1, 'choose at least one event type')
  .max(100)
  .transform((types) => [...new Set(types)]);

const description = safeText().trim().max(200).nullable();

export const createWebhookInput = z.strictObject({
  url: targetUrl,
  eventTypes,
  description: description.optional(),
  active: z.boolean().optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;

export const updateWebhookInput = z
  .strictObject({ url: targetUrl.optional(), eventTypes: eventTypes.optional(), description: description.optional(), active: z.boolean().optional() })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'send at least one of url, eventTypes, description, active' });
export type UpdateWebhookInput = z.infer<typeof updateWebhookInput>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** The delivery log's query string: newest first, `before` a delivery id from the previous page. */
export const listDeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(DELIVERY_PAGE_MAX).default(DELIVERY_PAGE_DEFAULT),
  before: z.uuid().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventType: webhookEventTypeSchema.optional(),
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;
