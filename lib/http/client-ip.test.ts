import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import { clientIp } from './client-ip';
import { PEER_HEADER, peerStamp, stampPeer } from './peer-address.mjs';

// The real path: a Node HTTP server stamping requests as scripts/server.mjs does, and the
// handler reading the address the way every route does (clientIp over the request headers).
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    stampPeer(req.headers, req.socket.remoteAddress);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    res.end(clientIp(headers));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
  resetEnvCache();
});

const ipSeenFor = async (headers: Record<string, string>) => (await fetch(base, { headers })).text();

function trustHops(n: number) {
  process.env.TRUSTED_PROXY_HOPS = String(n);
  resetEnvCache();
}

describe('clientIp', () => {
  it('with no trusted proxy, is the socket address whatever X-Forwarded-For says', async () => {
    expect(await ipSeenFor({})).toBe('127.0.0.1');
    // Regression: this used to be 203.0.113.5, so an allowlist was bypassed by naming an allowed address.
    expect(await ipSeenFor({ 'x-forwarded-for': '203.0.113.5' })).toBe('127.0.0.1');
    expect(await ipSeenFor({ 'x-forwarded-for': '203.0.113.5, 198.51.100.1', 'x-real-ip': '203.0.113.5' })).toBe('127.0.0.1');
  });

  it('ignores a stamp the client forged, even one naming another address', async () => {
    expect(await ipSeenFor({ [PEER_HEADER]: 'guess 203.0.113.5' })).toBe('127.0.0.1');
    // Without our server's stamp (a request that did not come through it) the address is unknown.
    expect(clientIp(new Headers({ [PEER_HEADER]: 'guess 203.0.113.5', 'x-forwarded-for': '203.0.113.5' }))).toBe('unknown');
  });

  it('behind N trusted proxies, reads N places from the right of [X-Forwarded-For…, socket]', async () => {
    trustHops(1);
    // The proxy (here: the socket peer) appended the client it saw; what the client wrote is to its left.
    expect(await ipSeenFor({ 'x-forwarded-for': '203.0.113.5, 198.51.100.7' })).toBe('198.51.100.7');
    trustHops(2);
    expect(await ipSeenFor({ 'x-forwarded-for': '203.0.113.5, 198.51.100.7, 10.0.0.2' })).toBe('198.51.100.7');
    // Fewer entries than hops (a proxy was skipped): the socket address, never the client's text.
    expect(await ipSeenFor({})).toBe('127.0.0.1');
    expect(await ipSeenFor({ 'x-forwarded-for': '203.0.113.5' })).toBe('127.0.0.1');
  });

  it('writes one spelling per address, and never a key of the client’s choosing', () => {
    expect(clientIp(new Headers({ [PEER_HEADER]: peerStamp('::ffff:203.0.113.9') }))).toBe('203.0.113.9');
    trustHops(1);
    expect(clientIp(new Headers({ [PEER_HEADER]: peerStamp('127.0.0.1'), 'x-forwarded-for': 'rotate-me-1' }))).toBe('invalid');
  });
});
