// Shared with the browser (the settings form validates with it): CIDR allowlists for
// IPv4 and IPv6. IPv4-mapped IPv6 addresses (::ffff:203.0.113.9) count as IPv4.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

// Every authenticated request checks its tenant's list: parsed entries are remembered
// (bounded, the lists are small and change rarely) so a check costs a match, not a parse.
const parsed = new Map<string, Range | null>();
const PARSED_MAX = 5_000;

/** Parses `203.0.113.0/24`, `2001:db8::/32` or a single address (a /32 or /128). */
export function parseCidr(entry: string): Range | null {
  const hit = parsed.get(entry);
  if (hit !== undefined) return hit;
  const range = parseCidrUncached(entry);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(entry, range);
  return range;
}

function parseCidrUncached(entry: string): Range | null {
  const text = entry.trim();
  try {
    if (text.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(text);
      return [normalise(addr), addr.kind() === 'ipv6' && normalise(addr).kind() === 'ipv4' ? bits - 96 : bits];
    }
    const addr = normalise(ipaddr.parse(text));
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** One allowlist entry, validated; the message names the bad entry. */
export const cidrSchema = z.string().superRefine((s, ctx) => {
  if (parseCidr(s) === null) ctx.addIssue({ code: 'custom', message: `"${s}" is not an IP address or CIDR range` });
});

/** A tenant's allowlist; empty means every address is allowed. */
export const allowlistSchema = z.array(cidrSchema).max(200, 'at most 200 ranges');

/** Is `ip` inside any of `ranges`? An empty list allows everything; an unparsable ip nothing. */
export function isAllowed(ip: string | null | undefined, ranges: readonly string[]): boolean {
  if (ranges.length === 0) return true;
  if (!ip) return false;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = normalise(ipaddr.parse(ip.trim()));
  } catch {
    return false;
  }
  return ranges.some((entry) => {
    const range = parseCidr(entry);
    return range !== null && range[0].kind() === address.kind() && address.match(range);
  });
}
