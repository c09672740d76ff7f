// Shared with the browser (the developer page offers these, the server checks them): what an
// API key may touch. A scope is `<resource>:read` or `<resource>:write`; write implies read.
import { z } from 'zod';

/** What the public API exposes, one scope pair each. */
export const API_RESOURCES = ['companies', 'contacts', 'deals', 'activities', 'pipelines', 'workflows', 'audit'] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

export const API_ACCESS = ['read', 'write'] as const;
export type ApiAccess = (typeof API_ACCESS)[number];

export type ApiScope = `${ApiResource}:${ApiAccess}`;

/** Every scope, resource by resource, read before write. */
export const API_SCOPES: readonly ApiScope[] = API_RESOURCES.flatMap((r) => API_ACCESS.map((a): ApiScope => `${r}:${a}`));

const scopeSet: ReadonlySet<string> = new Set(API_SCOPES);

/** True for a known scope name. */
export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === 'string' && scopeSet.has(value);
}

/** One scope; the message lists what is allowed, so a typo is easy to fix. */
export const apiScopeSchema = z.custom<ApiScope>(isApiScope, { error: `unknown scope; use one of ${API_SCOPES.join(', ')}` });

/**
 * A key's scopes: at least one, each known; duplicates are dropped and the list comes back
 * in API_SCOPES order, so the same choice is always stored and shown the same way.
 */
export const apiScopesSchema = z
  .array(apiScopeSchema, { error: 'send the scopes as a list, e.g. ["contacts:read"]' })
  .min(1, 'choose at least one scope')
  .max(API_SCOPES.length * 2, `at most ${API_SCOPES.length * 2} entries`)
  .transform((list) => API_SCOPES.filter((s) => list.includes(s)));

/** Does a key with `scopes` allow `access` to `resource`? `write` implies `read`. */
export function hasScope(scopes: readonly ApiScope[], resource: ApiResource, access: ApiAccess): boolean {
  if (scopes.includes(`${resource}:write`)) return true;
  return access === 'read' && scopes.includes(`${resource}:read`);
}

/** The known scopes of a stored list, in API_SCOPES order. Security: an unknown entry grants nothing. */
export function knownScopes(stored: readonly unknown[]): ApiScope[] {
  return API_SCOPES.filter((s) => stored.includes(s));
}
