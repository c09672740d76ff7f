import 'server-only';
import { AppError, ErrorCode } from '../http/app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated routes (OWASP: verify the origin with standard
 * headers). The session cookie is SameSite=Lax, which already keeps it off cross-site POSTs;
 * this is the second layer: a state-changing request must come from our own pages.
 * - `Sec-Fetch-Site` (every current browser): only `same-origin` and `none` (typed, bookmark)
 *   pass; `same-site` is refused too, since a sibling subdomain may be someone else's.
 * - Older browsers: `Origin`, sent on every cross-origin POST, must be ours: the request's
 *   own origin or `APP_URL` (behind a proxy that rewrites Host).
 * - Neither header: not a browser making a cross-site request (curl, server code), so there is
 *   no victim browser to protect; the session cookie still has to be valid.
 */
export function assertSameOrigin(req: Request, appUrl?: string): void {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get('sec-fetch-site');
  if (site === 'same-origin' || site === 'none') return;
  const refused = new AppError(ErrorCode.Forbidden, 'Cross-site request refused: changes can only be made from CRM-AI’s own pages.');
  if (site !== null) throw refused;
  const origin = req.headers.get('origin');
  if (origin === null) return;
  const ours = [new URL(req.url).origin, appUrl ? new URL(appUrl).origin : null];
  if (!ours.includes(origin)) throw refused;
}
