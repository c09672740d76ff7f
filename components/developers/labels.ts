// Shared with the browser: how the developer portal words API key scopes, key states and
// webhook event types.
import type { ApiKeyStatus } from '@/lib/api-keys/api-key-input';
import { API_RESOURCES, type ApiResource, type ApiScope } from '@/lib/api-keys/scopes';
import type { WebhookEventType } from '@/lib/webhooks/event-types';

export const RESOURCE_LABELS: Record<ApiResource, string> = {
  companies: 'Companies',
  contacts: 'Contacts',
  deals: 'Deals',
  activities: 'Activities',
  pipelines: 'Pipelines',
  workflows: 'Workflows',
  audit: 'Audit log',
};

/** A key's scopes in words, resource by resource: "Contacts: read and write; Deals: read". */
export function describeScopes(scopes: readonly ApiScope[]): string {
  const parts = API_RESOURCES.flatMap((r) => {
    const write = scopes.includes(`${r}:write`);
    const read = scopes.includes(`${r}:read`);
    // Write implies read (lib/api-keys/scopes.ts), so a write scope is said as both.
    if (write) return [`${RESOURCE_LABELS[r]}: read and write`];
    return read ? [`${RESOURCE_LABELS[r]}: read`] : [];
  });
  return parts.length ? parts.join('; ') : 'None';
}

/** What a key's status means, in words (never colour alone). */
export const KEY_STATUS_TEXT: Record<ApiKeyStatus, string> = {
  active: 'Active',
  revoked: 'Revoked: refused from now on',
  expired: 'Expired: refused from now on',
  inactive_maker: 'Not working: the person who made it is no longer an active owner or admin. Rotate it to make it act as you, or revoke it.',
};

/** Keys that still have a token worth rotating or revoking. */
export function isLiveKey(status: ApiKeyStatus): boolean {
  return status === 'active' || status === 'inactive_maker';
}

/** The record event actions, in the order the event grid shows them. */
export const RECORD_ACTIONS = [
  { id: 'created', label: 'Created' },
  { id: 'updated', label: 'Updated' },
  { id: 'deleted', label: 'Deleted' },
] as const;

export const RUN_EVENTS = [
  { id: 'workflow_run.finished', label: 'A workflow run finished' },
  { id: 'workflow_run.failed', label: 'A workflow run failed' },
] as const satisfies readonly { id: WebhookEventType; label: string }[];
