// Shared by next.config.mjs (every response Next serves) and the server's fast lane
// (lib/http/fast-lane.ts), so plain Node can read it without a build: one list of the
// transport, framing, sniffing and referrer rules. The Content-Security-Policy (nonces on
// online-only pages) is set in proxy.ts.

/** @type {{ key: string; value: string }[]} */
export const SECURITY_HEADERS = [
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // Geolocation is used for visit check-ins; nothing else is.
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), payment=(), usb=(), geolocation=(self)' },
];
