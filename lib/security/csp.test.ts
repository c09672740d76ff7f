import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { themeBootScript } from '../design/theme-boot';
import { buildCsp, newNonce, usesNonce } from './csp';

function pages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'api' ? [] : pages(full);
    return e.name === 'page.tsx' ? [full] : [];
  });
}

const urlOf = (file: string) =>
  '/' +
  path
    .relative('app', path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !s.startsWith('('))
    .join('/');

describe('content security policy', () => {
  it('nonce pages: only the nonce, the theme script hash and what they load may run; no framing', async () => {
    const nonce = newNonce();
    const csp = await buildCsp({ nonce });
    const hash = createHash('sha256').update(themeBootScript).digest('base64');
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'sha256-${hash}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(newNonce()).not.toBe(nonce);
  });

  it('offline shells: a static policy without a nonce; eval only in development', async () => {
    const csp = await buildCsp();
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('nonce-');
    expect(await buildCsp({ dev: true })).toContain("'unsafe-eval'");
  });

  it('online-only paths get nonces, offline shells do not', () => {
    for (const p of ['/admin/health', '/audit', '/account/security', '/sign-in', '/sign-in/verify', '/invite/x']) expect(usesNonce(p)).toBe(true);
    for (const p of ['/', '/today', '/contacts', '/offline', '/administrator']) expect(usesNonce(p)).toBe(false);
  });

  it('every page that gets a nonce renders per request (a prerendered page would have unstamped scripts)', () => {
    const noncePages = pages('app').filter((f) => usesNonce(urlOf(f)));
    expect(noncePages.length).toBeGreaterThanOrEqual(10);
    for (const file of noncePages) {
      expect(readFileSync(file, 'utf8'), `${file} must export dynamic = 'force-dynamic'`).toMatch(/export const dynamic = 'force-dynamic'/);
    }
  });
});
