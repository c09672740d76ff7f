import 'server-only';
import type { AuthState } from '../auth/auth-state';
import { can, type Role } from '../auth/roles';
import type { Database } from '../db/types';
import { APP_ROLE, withSystem, withTenant } from '../db/with-tenant';
import type { Plan } from '../ratelimit/api-quota';
import { allowlistFromSettings } from '../tenancy/security-settings';
import { apiKeyTokenSchema, hashApiKeyToken } from './api-key-token';
import { knownScopes, type ApiScope } from './scopes';

/** How often a key's last use is written at most, seconds: a busy key does not write per request. */
export const LAST_USED_WRITE_SECONDS = 60;

/** Longest address kept as a key's last use (the column's CHECK). */
const MAX_IP_LENGTH = 64;

/** Who a request with an API key acts as, in which tenant, with what. */
export interface ApiKeyPrincipal {
  keyId: string;
  keyName: string;
  tenantId: string;
  /** The key's maker: the key acts as this person. */
  userId: string;
  /** The maker's role now (not when the key was made). */
  role: Role;
  scopes: ApiScope[];
  /** The tenant's plan (rate-limit quotas depend on it). */
  plan: Plan;
  /** The tenant's IP allowlist (CIDR ranges; empty allows every address). The caller enforces it. */
  ipAllowlist: AuthState['tenant']['ipAllowlist'];
}

type KeyRow = { id: string; name: string; scopes: string[]; created_by: string; role: Role; plan: Plan; settings: unknown; stamp_due: boolean };

/**
 * Resolves an API key token (`crm_…`) to the principal it acts as, or null: unknown or
 * malformed token, revoked, expired, or a maker who is no longer an active owner or admin of
 * the key's tenant. Records the key's last use (time and `ip`) at most once every
 * LAST_USED_WRITE_SECONDS. Does not check the IP allowlist, quotas or scopes: the caller does,
 * with the principal's `ipAllowlist`, `plan` and `scopes`.
 */
export async function authenticateApiKey(token: string, ip: string, db?: Database): Promise<ApiKeyPrincipal | null> {
  const parsed = apiKeyTokenSchema.safeParse(token);
  if (!parsed.success) return null;
  const hash = hashApiKeyToken(parsed.data);
  // System access, narrowed: the tenant is unknown until the key is found, and the request has
  // no say in it. The look-up runs as the app role, which can only ask api_key_route() about
  // this one hash (0024_api_keys.sql); it cannot read the route table or any key.
  const route = await withSystem(async (tx) => {
    await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
    return (await tx.query<{ tenant_id: string; key_id: string }>('SELECT tenant_id, key_id FROM api_key_route($1)', [hash])).rows[0];
  }, db);
  if (!route) return null;
  return withTenant(
    route.tenant_id,
    async (tx) => {
      // Security: the key row is read inside its tenant (RLS), and its hash is compared again.
      // A key acts as its maker, so it dies with the maker's admin rights: deactivated, removed,
      // or moved to a role that may not manage keys, the maker could no longer make this key,
      // and a key left behind must not keep an ex-admin's (or a departed employee's) access.
      const r = await tx.query<KeyRow>(
        `SELECT k.id, k.name, k.scopes, k.created_by, m.role, t.plan, t.settings,
                (k.last_used_at IS NULL OR k.last_used_at <= now() - make_interval(secs => $4)) AS stamp_due
           FROM api_keys k
           JOIN memberships m ON m.tenant_id = k.tenant_id AND m.user_id = k.created_by AND m.is_active
           JOIN users u ON u.id = k.created_by AND u.is_active
           JOIN tenants t ON t.id = k.tenant_id
          WHERE k.tenant_id = $1 AND k.id = $2 AND k.token_hash = $3
            AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
        [route.tenant_id, route.key_id, hash, LAST_USED_WRITE_SECONDS],
      );
      const key = r.rows[0];
      if (!key || !can(key.role, 'api-keys:manage')) return null;
      const scopes = knownScopes(key.scopes);
      if (scopes.length === 0) return null;
      if (key.stamp_due) {
        // The WHERE repeats the test, so of concurrent requests only the first writes.
        await tx.query(
          `UPDATE api_keys SET last_used_at = now(), last_used_ip = $3
            WHERE tenant_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at <= now() - make_interval(secs => $4))`,
          [route.tenant_id, route.key_id, ip.slice(0, MAX_IP_LENGTH), LAST_USED_WRITE_SECONDS],
        );
      }
      return {
        keyId: key.id,
        keyName: key.name,
        tenantId: route.tenant_id,
        userId: key.created_by,
        role: key.role,
        scopes,
        plan: key.plan,
        ipAllowlist: allowlistFromSettings(key.settings),
      };
    },
    db,
  );
}
