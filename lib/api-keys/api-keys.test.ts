import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { sequenceAudit } from '../audit/sequence-audit';
import type { Role } from '../auth/roles';
import type { SessionContext } from '../auth/session-context';
import { useAuthFixtureDatabase } from '../auth/testing-session';
import { APP_ROLE, withSystem, withTenant } from '../db/with-tenant';
import { AppError } from '../http/app-error';
import { updateMember } from '../tenancy/members';
import { createApiKeyInput } from './api-key-input';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from './api-keys';
import { authenticateApiKey, LAST_USED_WRITE_SECONDS } from './authenticate-api-key';

describe('API keys', () => {
  const fx = useAuthFixtureDatabase();
  const input = (over: Record<string, unknown> = {}) => createApiKeyInput.parse({ name: 'Zapier', scopes: ['contacts:read', 'deals:write'], ...over });
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

  /** A fresh person with `role` in each given tenant (each test its own, so they do not interfere). */
  async function person(memberships: [tenantId: string, role: Role][]): Promise<string> {
    const id = uuidv7();
    await fx.t.db.query(`INSERT INTO users (id, email, name) VALUES ($1, $2, 'Key Maker')`, [id, `maker-${id}@test.example`]);
    for (const [tenantId, role] of memberships) await fx.t.db.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)', [tenantId, id, role]);
    return id;
  }
  const ctxOf = (userId: string, tenantId: string, role: Role = 'admin'): SessionContext => ({ userId, tenantId, role, ip: '198.51.100.1' });
  const owner = () => ctxOf(fx.f.users.owner.id, fx.f.tenants.acme, 'owner');
  const keyRow = async (id: string) =>
    (await fx.t.db.query<{ token_hash: string; prefix: string; last_used_at: string | null; last_used_ip: string | null }>('SELECT * FROM api_keys WHERE id = $1', [id])).rows[0]!;

  it('stores the sha256 of the token, never the token; the token is `crm_` + 43 base64url characters', async () => {
    const { key, token } = await createApiKey(owner(), input());
    expect(token).toMatch(/^crm_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'Zapier', prefix: token.slice(0, 12), scopes: ['contacts:read', 'deals:write'], createdBy: fx.f.users.owner.id, status: 'active', expiresAt: null, lastUsedAt: null });
    const row = await keyRow(key.id);
    expect(row.token_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(await listApiKeys(owner()))).not.toContain(row.token_hash);
    expect(JSON.stringify(await listApiKeys(owner()))).not.toContain(token.slice(12));
  });

  it('authenticates as the maker, with the current role, the tenant plan and allowlist; refuses anything else', async () => {
    await fx.t.db.query(`UPDATE tenants SET plan = 'enterprise', settings = jsonb_set(settings, '{ipAllowlist}', '["10.0.0.0/8"]') WHERE id = $1`, [fx.f.tenants.acme]);
    const { key, token } = await createApiKey(owner(), input());
    expect(await authenticateApiKey(token, '10.1.2.3')).toEqual({
      keyId: key.id,
      keyName: 'Zapier',
      tenantId: fx.f.tenants.acme,
      userId: fx.f.users.owner.id,
      role: 'owner',
      scopes: ['contacts:read', 'deals:write'],
      plan: 'enterprise',
      ipAllowlist: ['10.0.0.0/8'],
    });
    await fx.t.db.query(`UPDATE tenants SET plan = 'standard', settings = settings - 'ipAllowlist' WHERE id = $1`, [fx.f.tenants.acme]);
    for (const bad of ['', 'crm_', token.slice(0, -1), `${token}A`, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, token.toUpperCase(), sha256(token), ` ${token}`]) {
      expect(await authenticateApiKey(bad, '10.1.2.3'), bad).toBeNull();
    }
  });

  it('a revoked key stops at once; revoking again changes nothing; each write is audited without the token', async () => {
    const { key, token } = await createApiKey(owner(), input({ name: 'Revoke me' }));
    expect(await authenticateApiKey(token, '10.0.0.1')).not.toBeNull();
    const admin = ctxOf(fx.f.users.admin.id, fx.f.tenants.acme);
    const revoked = await revokeApiKey(admin, key.id);
    expect(revoked).toMatchObject({ id: key.id, status: 'revoked', revokedBy: fx.f.users.admin.id, revokedAt: expect.any(String) });
    expect(await authenticateApiKey(token, '10.0.0.1')).toBeNull();
    expect(await revokeApiKey(admin, key.id)).toEqual(revoked);
    await sequenceAudit(fx.f.tenants.acme, fx.t.db);
    const entries = (
      await fx.t.db.query<{ action: string; actor_id: string; data: Record<string, unknown> }>("SELECT action, actor_id, data FROM audit_log WHERE target_type = 'api_key' AND target_id = $1 ORDER BY seq", [key.id])
    ).rows;
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([
      ['api_key.create', fx.f.users.owner.id],
      ['api_key.revoke', fx.f.users.admin.id],
    ]);
    expect(entries[0]!.data).toEqual({ name: 'Revoke me', prefix: key.prefix, scopes: ['contacts:read', 'deals:write'], expiresAt: null });
    expect(JSON.stringify(entries)).not.toContain(token.slice(12));
    expect(JSON.stringify(entries)).not.toContain(sha256(token));
  });

  it('an expired key is refused, listed as expired, and cannot be rotated', async () => {
    const { key, token } = await createApiKey(owner(), input({ expiresAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(await authenticateApiKey(token, '10.0.0.1')).not.toBeNull();
    await fx.t.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [key.id]);
    expect(await authenticateApiKey(token, '10.0.0.1')).toBeNull();
    expect((await listApiKeys(owner())).find((k) => k.id === key.id)?.status).toBe('expired');
    await expect(rotateApiKey(owner(), key.id)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/expired/) });
  });

  it('rotation: a new token with the same name, scopes and expiry, made by the rotator; the old token dies at once', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const { key, token } = await createApiKey(owner(), input({ name: 'Rotate me', scopes: ['audit:read'], expiresAt }));
    const admin = ctxOf(fx.f.users.admin.id, fx.f.tenants.acme);
    const next = await rotateApiKey(admin, key.id);
    expect(next.token).not.toBe(token);
    expect(next.key).toMatchObject({ name: 'Rotate me', scopes: ['audit:read'], expiresAt, createdBy: fx.f.users.admin.id, status: 'active' });
    expect(next.key.id).not.toBe(key.id);
    expect(await authenticateApiKey(token, '10.0.0.1')).toBeNull();
    expect(await authenticateApiKey(next.token, '10.0.0.1')).toMatchObject({ keyId: next.key.id, userId: fx.f.users.admin.id, role: 'admin', scopes: ['audit:read'] });
    const listed = await listApiKeys(owner());
    expect(listed.find((k) => k.id === key.id)).toMatchObject({ status: 'revoked', revokedBy: fx.f.users.admin.id });
    await expect(rotateApiKey(admin, key.id)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/revoked/) });
    await sequenceAudit(fx.f.tenants.acme, fx.t.db);
    const audit = await fx.t.db.query<{ data: Record<string, unknown> }>("SELECT data FROM audit_log WHERE action = 'api_key.rotate' AND target_id = $1", [next.key.id]);
    expect(audit.rows[0]?.data).toMatchObject({ previousKeyId: key.id, previousPrefix: key.prefix, name: 'Rotate me' });
  });

  it('two rotations at once: one wins, the other is told the key is revoked', async () => {
    const { key } = await createApiKey(owner(), input());
    const results = await Promise.allSettled([rotateApiKey(owner(), key.id), rotateApiKey(owner(), key.id)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const live = (await listApiKeys(owner())).filter((k) => k.name === 'Zapier' && k.status === 'active' && k.createdAt >= key.createdAt);
    expect(live.filter((k) => k.id !== key.id)).toHaveLength(1);
  });

  it('a key dies with its maker’s admin rights: deactivated, or demoted to rep, and not back on promotion of someone else', async () => {
    const deactivated = await person([[fx.f.tenants.acme, 'admin']]);
    const demoted = await person([[fx.f.tenants.acme, 'admin']]);
    const a = await createApiKey(ctxOf(deactivated, fx.f.tenants.acme), input());
    const b = await createApiKey(ctxOf(demoted, fx.f.tenants.acme), input());
    expect(await authenticateApiKey(a.token, '10.0.0.1')).not.toBeNull();
    expect(await authenticateApiKey(b.token, '10.0.0.1')).not.toBeNull();
    await updateMember(owner(), deactivated, { active: false });
    await updateMember(owner(), demoted, { role: 'rep' });
    expect(await authenticateApiKey(a.token, '10.0.0.1')).toBeNull();
    expect(await authenticateApiKey(b.token, '10.0.0.1')).toBeNull();
    const listed = await listApiKeys(owner());
    expect(listed.find((k) => k.id === a.key.id)?.status).toBe('inactive_maker');
    expect(listed.find((k) => k.id === b.key.id)?.status).toBe('inactive_maker');
    // Back to admin: the key acts as them again (it was never revoked).
    await updateMember(owner(), demoted, { role: 'admin' });
    expect(await authenticateApiKey(b.token, '10.0.0.1')).toMatchObject({ role: 'admin' });
    // A deactivated account (users.is_active) counts too, whatever the membership says.
    await fx.t.db.query('UPDATE users SET is_active = false WHERE id = $1', [demoted]);
    expect(await authenticateApiKey(b.token, '10.0.0.1')).toBeNull();
  });

  it('records the last use at most once a minute per key', async () => {
    const { key, token } = await createApiKey(owner(), input());
    await authenticateApiKey(token, '203.0.113.5');
    const first = await keyRow(key.id);
    expect(first.last_used_ip).toBe('203.0.113.5');
    expect(first.last_used_at).not.toBeNull();
    // Within the minute: no write (neither the time nor the address change).
    await authenticateApiKey(token, '203.0.113.6');
    expect(await keyRow(key.id)).toMatchObject({ last_used_at: first.last_used_at, last_used_ip: '203.0.113.5' });
    // Once the minute has passed, the next request writes again.
    await fx.t.db.query(`UPDATE api_keys SET last_used_at = now() - make_interval(secs => $2) WHERE id = $1`, [key.id, LAST_USED_WRITE_SECONDS + 1]);
    await authenticateApiKey(token, '2001:db8::7');
    const later = await keyRow(key.id);
    expect(later.last_used_ip).toBe('2001:db8::7');
    expect(Date.parse(later.last_used_at!)).toBeGreaterThan(Date.parse(first.last_used_at!) - 1000);
    expect((await listApiKeys(owner())).find((k) => k.id === key.id)).toMatchObject({ lastUsedIp: '2001:db8::7', lastUsedAt: later.last_used_at });
  });

  it('keeps tenants apart: another tenant’s admin gets the same 404 as for a made-up id, and a token yields only its own tenant', async () => {
    const { key, token } = await createApiKey(owner(), input({ name: 'Acme only' }));
    const globex = ctxOf(fx.f.users.globexAdmin.id, fx.f.tenants.globex);
    const notFound = async (p: Promise<unknown>) => {
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(404);
      return (err as AppError).message;
    };
    const messages = [
      await notFound(revokeApiKey(globex, key.id)),
      await notFound(rotateApiKey(globex, key.id)),
      await notFound(revokeApiKey(globex, uuidv7())),
      await notFound(rotateApiKey(globex, uuidv7())),
      await notFound(revokeApiKey(globex, 'not-a-uuid')),
    ];
    expect(new Set(messages).size).toBe(1);
    expect(await listApiKeys(globex)).toEqual([]);
    expect(await authenticateApiKey(token, '10.0.0.1')).not.toBeNull();

    // A person who is admin of both: a key made in Acme acts in Acme only, with Acme's role.
    const both = await person([
      [fx.f.tenants.acme, 'admin'],
      [fx.f.tenants.globex, 'admin'],
    ]);
    const made = await createApiKey(ctxOf(both, fx.f.tenants.acme), input());
    expect(await authenticateApiKey(made.token, '10.0.0.1')).toMatchObject({ tenantId: fx.f.tenants.acme });
    expect((await listApiKeys(ctxOf(both, fx.f.tenants.globex))).map((k) => k.id)).not.toContain(made.key.id);
    await updateMember(owner(), both, { role: 'rep' });
    // Still an admin of Globex, but the key belongs to Acme, where they no longer are.
    expect(await authenticateApiKey(made.token, '10.0.0.1')).toBeNull();
  });

  it('the app role finds a key by its exact hash only: no read of the route table, no key without a tenant', async () => {
    const { token } = await createApiKey(owner(), input());
    await withSystem(async (tx) => {
      await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
      expect((await tx.query('SELECT count(*)::int AS n FROM api_keys')).rows[0]).toEqual({ n: 0 });
      expect((await tx.query('SELECT * FROM api_key_route($1)', [sha256(token)])).rows).toEqual([{ tenant_id: fx.f.tenants.acme, key_id: expect.any(String) }]);
      expect((await tx.query('SELECT * FROM api_key_route($1)', ['0'.repeat(64)])).rows).toEqual([]);
    }, fx.t.db);
    await expect(
      withSystem(async (tx) => {
        await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
        await tx.query('SELECT * FROM api_key_routes');
      }, fx.t.db),
    ).rejects.toThrow(/permission denied/);
    // Inside a tenant, the app role may not change a key's hash, name or scopes.
    await expect(withTenant(fx.f.tenants.acme, (tx) => tx.query(`UPDATE api_keys SET scopes = '{audit:write}'`), fx.t.db)).rejects.toThrow(/permission denied/);
    await expect(withTenant(fx.f.tenants.acme, (tx) => tx.query('DELETE FROM api_keys'), fx.t.db)).rejects.toThrow(/permission denied/);
  });
});
