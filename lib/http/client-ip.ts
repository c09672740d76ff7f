import 'server-only';
import { env } from '../env';

/**
 * The caller's IP from X-Forwarded-For. `next start` fills the header with the socket address
 * only when it is absent, and each trusted proxy appends the address it saw, so the entry
 * TRUSTED_PROXY_HOPS places from the right is the first one nobody could forge.
 * Security: without a proxy (hops 0) a client may send its own X-Forwarded-For; the
 * per-account limits still hold, but run behind a proxy and set the hop count in production.
 */
export function clientIp(headers: Headers): string {
  const list = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const hops = env().TRUSTED_PROXY_HOPS;
  const pick = list[Math.max(0, list.length - 1 - hops)];
  return pick ?? headers.get('x-real-ip') ?? 'unknown';
}
