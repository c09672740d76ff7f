import { describe, expect, it } from 'vitest';
import { createApiKeyInput } from '@/lib/api-keys/api-key-input';
import { endOfDayUtc, fieldProblems, sentence, webhookUrlProblem } from './form-problems';
import { describeScopes } from './labels';
import { curlCreateExample, sdkExample } from './quick-start-examples';
import { portalTabOf } from './portal-tabs';

describe('developer portal form problems', () => {
  it('gives one sentence per field from the shared key schema, in the browser as on the server', () => {
    const parsed = createApiKeyInput.safeParse({ name: ' ', scopes: [], expiresAt: endOfDayUtc('2001-01-01') });
    expect(parsed.success).toBe(false);
    expect(fieldProblems(parsed.error!.issues, ['name', 'scopes', 'expiresAt'] as const)).toEqual({
      name: 'Give the key a name.',
      scopes: 'Choose at least one scope.',
      expiresAt: 'Must be in the future.',
    });
  });

  it('reads the server’s dotted paths and puts unknown fields under the form', () => {
    expect(fieldProblems([{ path: 'scopes.0', message: 'unknown scope' }, { path: '(body)', message: 'bad' }], ['scopes'] as const)).toEqual({
      scopes: 'Unknown scope.',
      form: 'Bad.',
    });
  });

  it('keeps a sentence that already ends', () => {
    expect(sentence('Done!')).toBe('Done!');
  });

  it('lets a key chosen to expire on a day work to the end of that day (UTC)', () => {
    expect(endOfDayUtc('2027-01-31')).toBe('2027-02-01T00:00:00.000Z');
    expect(endOfDayUtc(null)).toBeNull();
    expect(createApiKeyInput.safeParse({ name: 'k', scopes: ['contacts:read'], expiresAt: endOfDayUtc('2999-12-30') }).success).toBe(true);
  });

  it('refuses webhook addresses the browser can tell are wrong', () => {
    expect(webhookUrlProblem('')).toMatch(/^Enter the address/);
    expect(webhookUrlProblem('example.com/hook')).toMatch(/whole address/);
    expect(webhookUrlProblem('ftp://example.com/hook')).toMatch(/https/);
    expect(webhookUrlProblem(' https://hooks.example.com/crm ')).toBeNull();
  });
});

describe('developer portal words', () => {
  it('says scopes per resource, write including read', () => {
    expect(describeScopes(['contacts:read', 'contacts:write', 'deals:read'])).toBe('Contacts: read and write; Deals: read');
    expect(describeScopes([])).toBe('None');
  });

  it('opens the tab the address names, the keys tab otherwise', () => {
    expect(portalTabOf('webhooks')).toBe('webhooks');
    expect(portalTabOf(['quick-start'])).toBe('quick-start');
    expect(portalTabOf('nope')).toBe('keys');
    expect(portalTabOf(undefined)).toBe('keys');
  });

  it('writes the examples for the app’s own address', () => {
    expect(curlCreateExample('https://crm.test')).toContain('curl -X POST "https://crm.test/api/v1/contacts"');
    expect(sdkExample('https://crm.test')).toContain("baseUrl: 'https://crm.test'");
  });
});
