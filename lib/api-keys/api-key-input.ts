// Shared with the browser (the developer page's form validates with it): the body that makes
// an API key, and what the server says about a key (never its token or hash).
import { z } from 'zod';
import { dateTimeString, safeText } from '@/sync/schema/safe-values';
import { apiScopesSchema, type ApiScope } from './scopes';

/** Longest key name (the column's CHECK). */
export const API_KEY_NAME_MAX = 120;

export const createApiKeyInput = z.strictObject({
  name: safeText().trim().min(1, 'give the key a name').max(API_KEY_NAME_MAX, `at most ${API_KEY_NAME_MAX} characters`),
  scopes: apiScopesSchema,
  /** When the key stops working; null or absent: never (until revoked). */
  expiresAt: dateTimeString('must be a date and time like 2027-01-31T00:00:00Z')
    // A value that is no date at all was already refused above: one message for it, not two.
    .refine((v) => Number.isNaN(Date.parse(v)) || Date.parse(v) > Date.now(), 'must be in the future')
    .nullable()
    .optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/**
 * Where a key stands: `active` works; `revoked` and `expired` never will again; `inactive_maker`
 * does not work while the person who made it is no longer an active owner or admin here.
 */
export type ApiKeyStatus = 'active' | 'revoked' | 'expired' | 'inactive_maker';

/** A key as lists show it. The token is shown once, when made or rotated; the hash never. */
export interface ApiKey {
  id: string;
  name: string;
  /** The token's first characters (`crm_` + 8), to tell keys apart. */
  prefix: string;
  scopes: ApiScope[];
  createdBy: string;
  /** The maker's name, when they are still a member. */
  createdByName: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  status: ApiKeyStatus;
}
