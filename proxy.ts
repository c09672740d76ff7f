import { NextResponse, type NextRequest } from 'next/server';
import { buildCsp, newNonce, usesNonce } from './lib/security/csp';

/**
 * Sets the Content-Security-Policy of every page (lib/security/csp.ts explains the two
 * policies). For nonce pages the policy also travels on the request, which is where Next.js
 * reads the nonce it stamps on its scripts.
 */
export async function proxy(request: NextRequest) {
  const dev = process.env.NODE_ENV === 'development';
  const nonce = usesNonce(request.nextUrl.pathname) ? newNonce() : undefined;
  const csp = await buildCsp({ nonce, dev });
  const headers = new Headers(request.headers);
  if (nonce) {
    headers.set('x-nonce', nonce);
    headers.set('content-security-policy', csp);
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API answers, build assets, icons and the service worker need no policy.
      source: '/((?!api/|_next/static|_next/image|icons/|sw\\.js|manifest\\.webmanifest|favicon\\.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
