import 'server-only';
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * True only for global unicast addresses. Refused: loopback, private (RFC 1918), link-local
 * (cloud metadata at 169.254.169.254 included), carrier-grade NAT, unique-local, site-local,
 * multicast, broadcast, unspecified, documentation/benchmark/reserved ranges, and IPv6 forms
 * that embed an IPv4 address (mapped `::ffff:a.b.c.d` is judged as that IPv4 address;
 * compatible `::a.b.c.d`, NAT64, 6to4 and Teredo are refused outright, since what they reach
 * depends on a gateway we cannot see).
 */
export function isPublicAddress(ip: string): boolean {
  // Only canonical literals: ipaddr.js also reads shorthands like "1.2.3" (= 1.2.0.3).
  if (isIP(ip) === 0) return false;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip);
  } catch {
    return false;
  }
  if (addr.kind() === 'ipv4') return addr.range() === 'unicast';
  const v6 = addr as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'unicast';
  // ::/96 (IPv4-compatible, deprecated) has no range of its own in ipaddr.js.
  if (v6.parts.slice(0, 6).every((p) => p === 0)) return false;
  return v6.range() === 'unicast';
}

/** Thrown (before any connection is made) for a target whose address is not allowed. */
export class TargetRefusedError extends Error {
  readonly code = 'ERR_TARGET_REFUSED';
  constructor() {
    // Security: one message whatever the address, port or reachability, so a refused target
    // tells the caller nothing about what listens there.
    super('the target is not a public internet address (private, loopback, link-local and similar addresses, and names that do not resolve, are refused)');
    this.name = 'TargetRefusedError';
  }
}

/** The resolver could not answer right now (not "no such name"): worth retrying later. */
export class DnsUnavailableError extends Error {
  readonly code = 'ERR_DNS_UNAVAILABLE';
  constructor() {
    super('the host name could not be resolved right now (temporary DNS failure)');
    this.name = 'DnsUnavailableError';
  }
}

// dns.lookup's codes for an answer that the name does not exist or has no address.
const NO_SUCH_NAME = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA', 'NXDOMAIN']);

/** Decides whether an outgoing connection may go to a resolved address. */
export type AddressPolicy = (address: string) => boolean;

/** Resolves every address of a name (dns.lookup with `all: true`; tests pass their own). */
export type Resolver = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for net/http/https that resolves the name once and passes on only addresses the
 * policy allows: every address of the name must pass, or the connection fails with
 * TargetRefusedError. Security: the socket connects to exactly the address checked here (it
 * is the lookup's own answer), so a DNS answer that changes between check and connect (DNS
 * rebinding) cannot slip a private address past the check. IP-literal hosts skip `lookup`
 * in Node: check them with `assertAllowedHost` first.
 */
export function guardedLookup(allow: AddressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      // Security: a name that does not exist fails exactly like a name that resolves to a
      // refused address (same error, same permanence): a distinct "ENOTFOUND internal.corp"
      // told an admin which internal names resolve. A temporary resolver failure says nothing
      // about the name, and its message names neither the host nor the resolver.
      if (err) return callback(NO_SUCH_NAME.has(err.code ?? '') ? new TargetRefusedError() : new DnsUnavailableError(), '');
      if (addresses.length === 0 || addresses.some((a) => !allow(a.address))) return callback(new TargetRefusedError(), '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

/** Throws TargetRefusedError when a URL's host is an IP literal the policy refuses (names are checked on lookup). */
export function assertAllowedHost(url: URL, allow: AddressPolicy): void {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) !== 0 && !allow(host)) throw new TargetRefusedError();
}
