import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { assertAllowedHost, DnsUnavailableError, guardedLookup, isPublicAddress, TargetRefusedError, type Resolver } from './public-address';

describe('isPublicAddress', () => {
  it('refuses every non-global range, IPv4 and IPv6, and IPv4 hidden in IPv6', () => {
    const refused = [
      '127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', // loopback, RFC 1918
      '169.254.169.254', '169.254.0.1', // link-local (cloud metadata)
      '100.64.0.1', '100.127.255.254', // carrier-grade NAT
      '0.0.0.0', '0.1.2.3', '255.255.255.255', '224.0.0.1', '239.255.255.250', // unspecified, broadcast, multicast
      '192.0.2.1', '198.51.100.1', '203.0.113.1', '198.18.0.1', '240.0.0.1', '192.0.0.8', // documentation, benchmark, reserved
      '::', '::1', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', 'fec0::1', 'ff02::1', // IPv6 specials
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:0.0.0.0', // IPv4-mapped
      '::127.0.0.1', '::7f00:1', '::10.0.0.1', // IPv4-compatible (deprecated)
      '64:ff9b::7f00:1', '64:ff9b::8.8.8.8', '2002:7f00:1::1', '2001:0:4136:e378::1', '2001:db8::1', '100::1', // NAT64, 6to4, Teredo, documentation, discard
      'not an address', '', '1.2.3', 'example.com',
    ];
    for (const ip of refused) expect([ip, isPublicAddress(ip)]).toEqual([ip, false]);
  });

  it('allows global unicast addresses, and mapped forms of them', () => {
    for (const ip of ['8.8.8.8', '93.184.216.34', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8']) {
      expect([ip, isPublicAddress(ip)]).toEqual([ip, true]);
    }
  });
});

describe('guardedLookup', () => {
  const fake = (answers: Record<string, string[]>, calls: string[] = []): Resolver => (hostname, _options, callback) => {
    calls.push(hostname);
    const list = answers[hostname];
    if (!list) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  const run = (hostname: string, resolver: Resolver, all: boolean) =>
    new Promise<{ err: Error | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
      guardedLookup(isPublicAddress, resolver)(hostname, { all }, (err, address, family) => resolve({ err, address, family })),
    );
  const dns = fake({ public: ['93.184.216.34'], loop: ['127.0.0.1'], mixed: ['93.184.216.34', '10.1.2.3'], v6: ['::ffff:169.254.169.254'], both: ['93.184.216.34', '2606:4700:4700::1111'] });

  it('refuses a name when any of its addresses is not public (one generic error)', async () => {
    for (const name of ['loop', 'mixed', 'v6']) {
      for (const all of [false, true]) {
        const { err } = await run(name, dns, all);
        expect(err).toBeInstanceOf(TargetRefusedError);
        expect(err?.message).toBe(new TargetRefusedError().message);
      }
    }
  });

  it('passes on exactly the addresses it checked, in both callback forms', async () => {
    expect(await run('public', dns, false)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect(await run('both', dns, true)).toEqual({ err: null, address: [{ address: '93.184.216.34', family: 4 }, { address: '2606:4700:4700::1111', family: 6 }], family: undefined });
  });

  it('a name that does not resolve fails like a refused one; a temporary DNS failure names no host', async () => {
    // Issue 13: "getaddrinfo ENOTFOUND db.internal" told which internal names exist.
    const { err } = await run('nowhere', dns, false);
    expect(err).toBeInstanceOf(TargetRefusedError);
    expect(err?.message).toBe(new TargetRefusedError().message);
    const flaky: Resolver = (hostname, _o, cb) => cb(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: 'EAI_AGAIN' }), []);
    const down = (await run('db.internal', flaky, false)).err;
    expect(down).toBeInstanceOf(DnsUnavailableError);
    expect(down?.message).not.toMatch(/db\.internal|EAI_AGAIN/);
  });
});

describe('assertAllowedHost', () => {
  it('checks IP-literal hosts (which skip lookup) in every spelling the URL parser accepts', () => {
    for (const url of ['http://127.0.0.1/', 'http://2130706433/', 'http://0x7f.1/', 'http://127.1:8080/', 'http://0/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'https://169.254.169.254/latest/meta-data', 'http://[fd00::1]:9/']) {
      expect(() => assertAllowedHost(new URL(url), isPublicAddress), url).toThrow(TargetRefusedError);
    }
    expect(() => assertAllowedHost(new URL('https://8.8.8.8/'), isPublicAddress)).not.toThrow();
    expect(() => assertAllowedHost(new URL('https://hooks.example.com/'), isPublicAddress)).not.toThrow(); // names: checked on lookup
  });
});
