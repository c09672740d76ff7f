import 'server-only';
import ipaddr from 'ipaddr.js';
import { env } from '../env';
import { PEER_HEADER, readPeer } from './peer-address.mjs';

/**
 * The caller's address, for per-IP limits, IP allowlists and audit entries.
 * Security: with no trusted proxy (TRUSTED_PROXY_HOPS=0, the default) it is the socket
 * address our server stamped (scripts/server.mjs), and X-Forwarded-For is ignored: a client
 * may write anything there. Behind N trusted proxies, each appends the address it saw, so the
 * chain [...X-Forwarded-For, socket address] read N places from the right gives the first
 * address none of the client's own text could have placed. A request that did not come
 * through our server has no valid stamp and gets 'unknown' (fails closed: no allowlist
 * admits it, and all such requests share one per-IP budget).
 */
export function clientIp(headers: Headers): string {
  const peer = readPeer(headers.get(PEER_HEADER));
  if (!peer) return 'unknown';
  const hops = env().TRUSTED_PROXY_HOPS;
  if (hops === 0) return canonical(peer);
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Security: fewer entries than configured hops means the request skipped a proxy (or the
  // count is wrong); every header entry may then be the client's own text, so only the
  // socket address is trusted.
  if (forwarded.length < hops) return canonical(peer);
  const chain = [...forwarded, peer];
  return canonical(chain[chain.length - 1 - hops]!);
}

/** One spelling per address (::ffff:203.0.113.9 → 203.0.113.9), so limits are not split by form. */
function canonical(address: string): string {
  try {
    const parsed = ipaddr.parse(address);
    return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address().toString() : parsed.toString();
  } catch {
    // Security: text that is no address (a forged hop entry) must not become a limiter key
    // of the client's choosing.
    return 'invalid';
  }
}

/** True for 127.0.0.0/8 and ::1, the addresses only this machine can connect from. */
export function isLoopback(ip: string): boolean {
  return ipaddr.isValid(ip) && ipaddr.parse(ip).range() === 'loopback';
}
