import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { appendAudit } from '../audit/append-audit';
import type { AuditAction } from '../audit/audit-actions';
import { can, ROLES, type Role } from '../auth/roles';
import type { SessionContext } from '../auth/session-context';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import type { ApiKey, ApiKeyStatus, createApiKeyInput } from './api-key-input';
import { newApiKeyToken } from './api-key-token';
import { knownScopes, type ApiScope } from './scopes';

/** Roles whose keys work: a key acts as its maker, and only while they may manage keys. */
export const KEY_MAKER_ROLES: readonly Role[] = ROLES.filter((r) => can(r, 'api-keys:manage'));

/** A key just made or rotated, with its token: the only time the token leaves the server. */
export interface IssuedApiKey {
  key: ApiKey;
  token: string;
}

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_by: string;
  created_by_name: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  expired: boolean;
  maker_ok: boolean;
};

// Never the hash (nor, since it is never stored, the token).
const SELECT_KEYS = `
  SELECT k.id, k.name, k.prefix, k.scopes, k.created_by, u.name AS created_by_name, k.created_at, k.expires_at,
         k.last_used_at, k.last_used_ip, k.revoked_at, k.revoked_by,
         (k.expires_at IS NOT NULL AND k.expires_at <= now()) AS expired,
         (m.is_active AND u.is_active AND m.role = ANY($2::text[])) IS TRUE AS maker_ok
    FROM api_keys k
    LEFT JOIN memberships m ON m.tenant_id = k.tenant_id AND m.user_id = k.created_by
    LEFT JOIN users u ON u.id = k.created_by
   WHERE k.tenant_id = $1`;

function toKey(r: KeyRow): ApiKey {
  const status: ApiKeyStatus = r.revoked_at ? 'revoked' : r.expired ? 'expired' : r.maker_ok ? 'active' : 'inactive_maker';
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: knownScopes(r.scopes),
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    lastUsedIp: r.last_used_ip,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    status,
  };
}

async function readKey(tx: Queryable, tenantId: string, id: string): Promise<ApiKey | undefined> {
  const r = await tx.query<KeyRow>(`${SELECT_KEYS} AND k.id = $3`, [tenantId, KEY_MAKER_ROLES, id]);
  return r.rows[0] && toKey(r.rows[0]);
}

// Security: one answer for a malformed id, a missing one and another tenant's (RLS hides it),
// so ids do not tell which keys exist.
const notFound = () => new AppError(ErrorCode.NotFound, 'No such API key');
const keyIdSchema = z.uuid();

function parseKeyId(raw: string): string {
  const r = keyIdSchema.safeParse(raw);
  if (!r.success) throw notFound();
  return r.data;
}

function audit(tx: Queryable, ctx: SessionContext, action: AuditAction, key: ApiKey, extra: Record<string, unknown> = {}) {
  return appendAudit(tx, {
    tenantId: ctx.tenantId,
    actorId: ctx.userId,
    action,
    targetType: 'api_key',
    targetId: key.id,
    // Never the token or its hash: the entry says which key, not how to use it.
    data: { name: key.name, prefix: key.prefix, scopes: key.scopes, expiresAt: key.expiresAt, ...extra },
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
    requestId: ctx.requestId ?? null,
  });
}

async function insertKey(tx: Queryable, ctx: SessionContext, fields: { name: string; scopes: readonly ApiScope[]; expiresAt: string | null }): Promise<IssuedApiKey> {
  const id = uuidv7();
  const { token, hash, prefix } = newApiKeyToken();
  await tx.query('INSERT INTO api_keys (tenant_id, id, name, token_hash, prefix, scopes, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8)', [
    ctx.tenantId,
    id,
    fields.name,
    hash,
    prefix,
    fields.scopes,
    ctx.userId,
    fields.expiresAt,
  ]);
  const key = (await readKey(tx, ctx.tenantId, id))!;
  return { key, token };
}

/**
 * Makes an API key of the caller's tenant that acts as the caller, audited. Returns the key
 * and its token: the only time the token is shown (only its sha256 is stored).
 */
export async function createApiKey(ctx: SessionContext, input: z.output<typeof createApiKeyInput>, db?: Database): Promise<IssuedApiKey> {
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const issued = await insertKey(tx, ctx, { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt ?? null });
      await audit(tx, ctx, 'api_key.create', issued.key);
      return issued;
    },
    db,
  );
}

/** The tenant's keys, newest first, revoked and expired ones included; never a token or hash. */
export async function listApiKeys(ctx: SessionContext, db?: Database): Promise<ApiKey[]> {
  return withTenant(ctx.tenantId, async (tx) => (await tx.query<KeyRow>(`${SELECT_KEYS} ORDER BY k.created_at DESC, k.id DESC`, [ctx.tenantId, KEY_MAKER_ROLES])).rows.map(toKey), db);
}

/**
 * Revokes a key at once (the next request with it is refused), audited. Revoking a revoked
 * key changes nothing and writes no second entry. 404 for an unknown id or another tenant's.
 */
export async function revokeApiKey(ctx: SessionContext, id: string, db?: Database): Promise<ApiKey> {
  const keyId = parseKeyId(id);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const done = await tx.query('UPDATE api_keys SET revoked_at = now(), revoked_by = $3 WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL', [ctx.tenantId, keyId, ctx.userId]);
      const key = await readKey(tx, ctx.tenantId, keyId);
      if (!key) throw notFound();
      if (done.rowCount > 0) await audit(tx, ctx, 'api_key.revoke', key);
      return key;
    },
    db,
  );
}

/**
 * Replaces a key's token: a new key with the same name, scopes and expiry, made by the caller
 * (it acts as them from now on), and the old key revoked in the same transaction, so the old
 * token stops working at once. Returns the new token, shown this once. 404 for an unknown id
 * or another tenant's; 409 for a key already revoked or expired (make a new one instead).
 */
export async function rotateApiKey(ctx: SessionContext, id: string, db?: Database): Promise<IssuedApiKey> {
  const keyId = parseKeyId(id);
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      // One statement decides: of two rotations at once, only one finds the key still live.
      const old = await tx.query<{ name: string; scopes: string[]; expires_at: string | null; prefix: string }>(
        `UPDATE api_keys SET revoked_at = now(), revoked_by = $3
          WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
          RETURNING name, scopes, expires_at, prefix`,
        [ctx.tenantId, keyId, ctx.userId],
      );
      const before = old.rows[0];
      if (!before) {
        const key = await readKey(tx, ctx.tenantId, keyId);
        if (!key) throw notFound();
        throw new AppError(ErrorCode.Conflict, `This key is ${key.status === 'revoked' ? 'revoked' : 'expired'}: make a new key instead.`);
      }
      const scopes = knownScopes(before.scopes);
      if (scopes.length === 0) throw new AppError(ErrorCode.Conflict, 'This key has no scope this server knows: make a new key instead.');
      const issued = await insertKey(tx, ctx, { name: before.name, scopes, expiresAt: before.expires_at });
      await audit(tx, ctx, 'api_key.rotate', issued.key, { previousKeyId: keyId, previousPrefix: before.prefix });
      return issued;
    },
    db,
  );
}
