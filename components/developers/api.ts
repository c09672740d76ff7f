'use client';
// The developer portal's calls to /api/developers (online-only screens). One typed function per
// route, so the screens never build URLs or read answers themselves. Errors are ApiError with
// the server's message (written for people) and, for 422, the issue of each field.

import type { ApiKey, CreateApiKeyInput } from '@/lib/api-keys/api-key-input';
import type { WebhookEventType } from '@/lib/webhooks/event-types';
import type { WebhookSubscription } from '@/lib/webhooks/manage-webhooks';
import type { DeliverySummary } from '@/lib/webhooks/webhook-deliveries';
import { api } from '@/components/workflows/api';

export { ApiError } from '@/components/workflows/api';
export type { ApiKey, DeliverySummary, WebhookSubscription };

/** A key with its token: the one time the token is shown. */
export interface IssuedKey {
  key: ApiKey;
  token: string;
}

const KEYS = '/api/developers/keys';
const HOOKS = '/api/developers/webhooks';
const id = (value: string) => encodeURIComponent(value);

/** The organization's keys, newest first (never a token). */
export async function listKeys(): Promise<ApiKey[]> {
  return (await api<{ keys: ApiKey[] }>(KEYS)).keys;
}

export function createKey(input: CreateApiKeyInput): Promise<IssuedKey> {
  return api<IssuedKey>(KEYS, { method: 'POST', body: input });
}

/** A new token for the key; the old one is revoked in the same step. */
export function rotateKey(keyId: string): Promise<IssuedKey> {
  return api<IssuedKey>(`${KEYS}/${id(keyId)}/rotate`, { method: 'POST' });
}

export async function revokeKey(keyId: string): Promise<ApiKey> {
  return (await api<{ key: ApiKey }>(`${KEYS}/${id(keyId)}`, { method: 'DELETE' })).key;
}

export async function listWebhooks(): Promise<WebhookSubscription[]> {
  return (await api<{ webhooks: WebhookSubscription[] }>(HOOKS)).webhooks;
}

export interface NewWebhook {
  url: string;
  eventTypes: WebhookEventType[];
  description?: string | null;
}

/** A new subscription and its signing secret: the one time the secret is shown. */
export function createWebhook(input: NewWebhook): Promise<{ subscription: WebhookSubscription; secret: string }> {
  return api(HOOKS, { method: 'POST', body: input });
}

export async function setWebhookActive(webhookId: string, active: boolean): Promise<WebhookSubscription> {
  return (await api<{ subscription: WebhookSubscription }>(`${HOOKS}/${id(webhookId)}`, { method: 'PATCH', body: { active } })).subscription;
}

export async function deleteWebhook(webhookId: string): Promise<void> {
  await api<unknown>(`${HOOKS}/${id(webhookId)}`, { method: 'DELETE' });
}

/** A new signing secret, shown once; the previous one keeps signing too until `previousSecretValidUntil`. */
export function rotateWebhookSecret(webhookId: string): Promise<{ secret: string; previousSecretValidUntil: string }> {
  return api(`${HOOKS}/${id(webhookId)}/rotate-secret`, { method: 'POST' });
}

/** A page of a subscription's delivery log, newest first; pass `nextBefore` as `before` for older ones. */
export function listDeliveries(webhookId: string, before?: string | null): Promise<{ deliveries: DeliverySummary[]; nextBefore: string | null }> {
  const query = new URLSearchParams({ limit: '20', ...(before ? { before } : {}) });
  return api(`${HOOKS}/${id(webhookId)}/deliveries?${query.toString()}`);
}

/** Sends a delivered or failed delivery once more; it is pending until that attempt ends. */
export async function redeliver(webhookId: string, deliveryId: string): Promise<DeliverySummary> {
  return (await api<{ delivery: DeliverySummary }>(`${HOOKS}/${id(webhookId)}/deliveries/${id(deliveryId)}/redeliver`, { method: 'POST' })).delivery;
}
