import { describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error';
import { assertSameOrigin } from './same-origin';

const req = (method: string, headers: Record<string, string>) => new Request('http://crm.local:3000/api/contacts', { method, headers });

function verdict(r: Request, appUrl?: string): string {
  try {
    assertSameOrigin(r, appUrl);
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return `${e.status}`;
    throw e;
  }
}

describe('assertSameOrigin', () => {
  it('lets reads through from anywhere', () => {
    expect(verdict(req('GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }))).toBe('ok');
  });

  it('judges a write by Sec-Fetch-Site when the browser sends it', () => {
    expect(verdict(req('POST', { 'sec-fetch-site': 'same-origin' }))).toBe('ok');
    expect(verdict(req('POST', { 'sec-fetch-site': 'none' }))).toBe('ok');
    expect(verdict(req('POST', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }))).toBe('403');
    expect(verdict(req('DELETE', { 'sec-fetch-site': 'same-site', origin: 'http://other.crm.local:3000' }))).toBe('403');
  });

  it('falls back to Origin: ours or APP_URL pass, any other is refused', () => {
    expect(verdict(req('POST', { origin: 'http://crm.local:3000' }))).toBe('ok');
    expect(verdict(req('PATCH', { origin: 'https://crm.example.com' }), 'https://crm.example.com/app')).toBe('ok');
    expect(verdict(req('PATCH', { origin: 'https://crm.example.com' }))).toBe('403');
    expect(verdict(req('POST', { origin: 'null' }))).toBe('403');
  });

  it('lets a non-browser client through (no Origin, no Sec-Fetch-Site): it has no victim cookie jar', () => {
    expect(verdict(req('POST', {}))).toBe('ok');
  });
});
