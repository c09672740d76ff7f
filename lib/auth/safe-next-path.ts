// Shared with the browser (components/auth: the sign-in and code steps) and the server (the
// no-JavaScript sign-in route): one check of where a sign-in may go on to. No server imports.

/**
 * `next` when it is a path on this site, else '/today'. Security: `//host`, `/\host` and paths
 * with whitespace or control characters (browsers strip them, so `/<tab>/host` means `//host`)
 * would send people to another site after signing in.
 */
export function safeNextPath(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[^\s\\\u0000-\u001f\u007f]*$/.test(next) ? next : '/today';
}
