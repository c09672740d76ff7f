// Content-Security-Policy for pages (used by proxy.ts). Two policies, because two kinds of page:
//
// * Online-only pages (admin, audit, account, sign-in...) render per request, so each response
//   gets a fresh nonce and a strict policy: only scripts carrying the nonce, and what they load
//   ('strict-dynamic'), run. Next.js puts the nonce on its own scripts when it finds it in the
//   request's CSP header; the theme pre-paint script is allowed by its hash.
// * Offline CRM shells (/today, /contacts...) are prerendered once per build and precached by
//   the service worker, which serves the same HTML for weeks. A nonce there would be one value
//   per build, readable by anyone, so it would protect nothing, and Next cannot put nonces into
//   prerendered HTML anyway. They get a static policy: scripts from our origin plus the inline
//   bootstrap scripts Next emits ('unsafe-inline'); everything else is as strict as above.
import { themeBootScript } from '../design/theme-boot';

/** Paths whose pages render per request and get a nonce (each must be force-dynamic). */
export const NONCE_PATH_PREFIXES = ['/admin', '/audit', '/account', '/dev', '/invite', '/sign-in', '/enroll', '/create-organization', '/reset-password', '/needs-javascript', '/developers'] as const;

export function usesNonce(pathname: string): boolean {
  return NONCE_PATH_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

let themeHash: Promise<string> | undefined;

/** `sha256-…` of the inline theme script, the CSP source that allows exactly that script. */
export function themeBootHash(): Promise<string> {
  themeHash ??= crypto.subtle.digest('SHA-256', new TextEncoder().encode(themeBootScript)).then((buf) => {
    let bin = '';
    for (const b of new Uint8Array(buf)) bin += String.fromCharCode(b);
    return `sha256-${btoa(bin)}`;
  });
  return themeHash;
}

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/**
 * The policy for one response. `nonce` set: the strict per-request policy; unset: the static
 * policy of the prerendered offline shells. `dev` allows eval (React's development build needs it).
 */
export async function buildCsp(options: { nonce?: string; dev?: boolean } = {}): Promise<string> {
  const evalSource = options.dev ? " 'unsafe-eval'" : '';
  const script = options.nonce
    ? `script-src 'self' 'nonce-${options.nonce}' '${await themeBootHash()}' 'strict-dynamic'${evalSource}`
    : `script-src 'self' 'unsafe-inline'${evalSource}`;
  return [
    "default-src 'self'",
    script,
    // React Aria and Next set style attributes at run time; style nonces cannot cover attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
