import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { env } from '../env';

/**
 * Does this request carry the metrics bearer token? Security: compared in constant time over
 * fixed-length digests, so neither timing nor length reveals the token.
 */
export function authorizeScrape(req: Request): 'ok' | 'disabled' | 'denied' {
  const token = env().METRICS_TOKEN;
  if (!token) return 'disabled';
  const given = /^Bearer (.+)$/.exec(req.headers.get('authorization') ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token)) ? 'ok' : 'denied';
}
