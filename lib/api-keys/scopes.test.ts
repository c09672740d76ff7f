import { describe, expect, it } from 'vitest';
import { createApiKeyInput } from './api-key-input';
import { API_RESOURCES, API_SCOPES, apiScopesSchema, hasScope, knownScopes } from './scopes';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('API key scopes', () => {
  it('has a read and a write scope per resource, in resource order', () => {
    expect(API_SCOPES).toHaveLength(API_RESOURCES.length * 2);
    expect(API_SCOPES.slice(0, 4)).toEqual(['companies:read', 'companies:write', 'contacts:read', 'contacts:write']);
    expect(API_SCOPES).toContain('audit:read');
  });

  it('write implies read; read never implies write; other resources get nothing', () => {
    expect(hasScope(['deals:write'], 'deals', 'read')).toBe(true);
    expect(hasScope(['deals:write'], 'deals', 'write')).toBe(true);
    expect(hasScope(['deals:read'], 'deals', 'read')).toBe(true);
    expect(hasScope(['deals:read'], 'deals', 'write')).toBe(false);
    expect(hasScope(['deals:write'], 'contacts', 'read')).toBe(false);
    expect(hasScope([], 'audit', 'read')).toBe(false);
  });

  it('a scope list: known names only, at least one, duplicates dropped, stored in one order', () => {
    expect(apiScopesSchema.parse(['deals:write', 'contacts:read', 'deals:write'])).toEqual(['contacts:read', 'deals:write']);
    const unknown = apiScopesSchema.safeParse(['contacts:read', 'contacts:admin', 'Contacts:read', 'users:read', 42]);
    expect(paths(unknown)).toEqual(['1', '2', '3', '4']);
    expect(unknown.error?.issues[0]?.message).toMatch(/unknown scope; use one of companies:read/);
    expect(apiScopesSchema.safeParse([]).success).toBe(false);
    expect(apiScopesSchema.safeParse('contacts:read').success).toBe(false);
    expect(apiScopesSchema.safeParse(Array(100).fill('contacts:read')).success).toBe(false);
  });

  it('an unknown stored scope grants nothing', () => {
    expect(knownScopes(['contacts:read', 'root', null, 'deals:write'])).toEqual(['contacts:read', 'deals:write']);
  });

  it('the create body names each bad field', () => {
    expect(createApiKeyInput.parse({ name: '  Zapier  ', scopes: ['contacts:read'] })).toEqual({ name: 'Zapier', scopes: ['contacts:read'] });
    expect(createApiKeyInput.parse({ name: 'x', scopes: ['contacts:read'], expiresAt: '2099-01-01T00:00:00+02:00' }).expiresAt).toBe('2099-01-01T00:00:00+02:00');
    expect(paths(createApiKeyInput.safeParse({ name: ' ', scopes: ['contacts:read'] }))).toEqual(['name']);
    expect(paths(createApiKeyInput.safeParse({ name: 'x'.repeat(121), scopes: ['contacts:read'] }))).toEqual(['name']);
    expect(paths(createApiKeyInput.safeParse({ name: 'a\u0000b', scopes: ['contacts:read'] }))).toEqual(['name']);
    expect(paths(createApiKeyInput.safeParse({ name: 'x' }))).toEqual(['scopes']);
    expect(paths(createApiKeyInput.safeParse({ name: 'x', scopes: ['contacts:read'], expiresAt: '2020-01-01T00:00:00Z' }))).toEqual(['expiresAt']);
    expect(paths(createApiKeyInput.safeParse({ name: 'x', scopes: ['contacts:read'], expiresAt: '2099-02-30T00:00:00Z' }))).toEqual(['expiresAt']);
    expect(paths(createApiKeyInput.safeParse({ name: 'x', scopes: ['contacts:read'], role: 'owner' }))).toEqual(['']);
  });
});
