import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, type Resolver } from '../security/public-address';
import { resetEnvCache } from '../env';
import { deliverWebhook, guardedFetch, MAX_REDIRECTS, SIGNATURE_HEADER, verifySignature, webhookAddressPolicy, type Delivery } from './webhook-delivery';

// Real HTTP servers on loopback addresses: the default transport must refuse them before any
// connection, and redirects must be re-checked hop by hop.

type Seen = { host: string; path: string; body: string; signature: string };
type Local = { server: Server; port: number; url: string; seen: Seen[]; handle: (req: IncomingMessage, res: ServerResponse) => void };

async function listen(host: string, handle: Local['handle'] = (_q, s) => s.writeHead(204).end()): Promise<Local> {
  const local = { seen: [] as Seen[], handle } as Local;
  local.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      local.seen.push({ host: req.headers.host ?? '', path: req.url ?? '', body, signature: String(req.headers[SIGNATURE_HEADER] ?? '') });
      local.handle(req, res);
    });
  });
  await new Promise<void>((r) => local.server.listen(0, host, r));
  local.port = (local.server.address() as AddressInfo).port;
  local.url = `http://${host}:${local.port}`;
  return local;
}
const close = (l: Local) => new Promise<void>((r) => { l.server.closeAllConnections(); l.server.close(() => r()); });

const SECRET = 'whsec_delivery_test_0123456789';
const delivery = (url: string): Delivery => ({ url, body: '{"a":1}', secret: SECRET, idempotencyKey: 'k1', timeoutMs: 3000, nowSeconds: Math.floor(Date.now() / 1000) });

let open: Local;
let internal: Local; // a second loopback address: "the internal network" in the redirect tests
let closedPort: number;
beforeAll(async () => {
  open = await listen('127.0.0.1');
  internal = await listen('127.0.0.2');
  const gone = await listen('127.0.0.1');
  closedPort = gone.port;
  await close(gone);
});
afterAll(async () => {
  await close(open);
  await close(internal);
});
afterEach(() => {
  open.seen.length = 0;
  internal.seen.length = 0;
  open.handle = (_q, s) => s.writeHead(204).end();
});

describe('the default transport refuses non-public targets before connecting', () => {
  it('an open and a closed loopback port fail alike, permanently, and nothing reaches the server', async () => {
    const toOpen = await deliverWebhook(delivery(`${open.url}/hook`));
    const toClosed = await deliverWebhook(delivery(`http://127.0.0.1:${closedPort}/hook`));
    expect(open.seen).toEqual([]);
    expect(toOpen).toMatchObject({ ok: false, permanent: true });
    // Issue 13: the run history told open ports (HTTP status) from closed (ECONNREFUSED).
    expect(toClosed.error).toBe(toOpen.error);
    expect(toOpen.status).toBeUndefined();
    expect(toOpen.error).toMatch(/not a public internet address/);
  });

  it('refuses every spelling of private targets: names, mapped IPv6, metadata, numeric forms', async () => {
    const targets = [
      `http://localhost:${open.port}/`,
      `http://[::1]:${open.port}/`,
      `http://[::ffff:127.0.0.1]:${open.port}/`,
      `http://2130706433:${open.port}/`,
      `http://0x7f.0.0.1:${open.port}/`,
      `http://0.0.0.0:${open.port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/',
      'http://10.0.0.1/',
      'http://100.64.0.1/',
      'http://[fe80::1]/',
      'http://224.0.0.1/',
    ];
    const answers = await Promise.all(targets.map((url) => deliverWebhook({ ...delivery(url), timeoutMs: 1000 })));
    for (const [i, a] of answers.entries()) expect([targets[i], a.permanent, a.error]).toEqual([targets[i], true, answers[0]?.error]);
    expect(open.seen).toEqual([]);
  });

  it('a name that resolves to a private address (or to a public and a private one) is refused', async () => {
    const resolver: Resolver = (hostname, _o, cb) => cb(null, hostname === 'rebind.test' ? [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    for (const host of ['internal.test', 'rebind.test']) {
      const res = await deliverWebhook(delivery(`http://${host}:${open.port}/`), guardedFetch(isPublicAddress, resolver));
      expect(res).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/not a public internet address/) });
    }
    expect(open.seen).toEqual([]);
  });

  it('connects to the address it checked: one resolution per connection, the Host header keeps the name', async () => {
    // A policy that admits 127.0.0.1 stands in for a public receiver.
    const calls: string[] = [];
    const answers = ['127.0.0.1', '127.0.0.2'];
    const rebinding: Resolver = (hostname, _o, cb) => {
      calls.push(hostname);
      cb(null, [{ address: answers[calls.length - 1] ?? '127.0.0.2', family: 4 }]);
    };
    const res = await deliverWebhook(delivery(`http://receiver.test:${open.port}/in`), guardedFetch((ip) => ip === '127.0.0.1', rebinding));
    expect(res).toMatchObject({ ok: true, status: 204 });
    expect(calls).toEqual(['receiver.test']);
    expect(open.seen.map((s) => s.host)).toEqual([`receiver.test:${open.port}`]);
  });
});

describe('redirects: followed a bounded number of times, every hop checked again', () => {
  const receiverOnly = guardedFetch((ip) => ip === '127.0.0.1' || isPublicAddress(ip));

  it('a redirect to another origin (host, port or scheme) is not followed: the signed request stays with the configured receiver', async () => {
    // Issue 13 review: a receiver could hand our signed request to any host by redirecting.
    const everyone = guardedFetch(() => true);
    const locations = [`${internal.url}/admin`, 'http://169.254.169.254/latest/meta-data/', `http://[::ffff:127.0.0.2]:${internal.port}/`, `http://127.0.0.1:${internal.port}/`, `https://127.0.0.1:${open.port}/hook`, `http://localhost:${open.port}/hook`];
    for (const location of locations) {
      open.handle = (_q, s) => s.writeHead(307, { location }).end();
      const res = await deliverWebhook(delivery(`${open.url}/hook`), everyone);
      expect([location, res]).toMatchObject([location, { ok: false, permanent: true, status: 307, error: expect.stringMatching(/^the receiver redirected to another origin \(.+\); a signed webhook is only re-sent to the same scheme, host and port$/) }]);
    }
    expect(internal.seen).toEqual([]);
    expect(open.seen).toHaveLength(locations.length);
  });

  it('a same-origin redirect is checked again: a name that now resolves to a private address is refused', async () => {
    const answers = ['127.0.0.1', '127.0.0.2'];
    let calls = 0;
    const rebinding: Resolver = (_h, _o, cb) => cb(null, [{ address: answers[calls++] ?? '127.0.0.2', family: 4 }]);
    open.handle = (_q, s) => s.writeHead(307, { location: '/next' }).end();
    const res = await deliverWebhook(delivery(`http://receiver.test:${open.port}/hook`), guardedFetch((ip) => ip === '127.0.0.1', rebinding));
    expect(res).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^a redirect led to a refused target: the target is not a public internet address/) });
    expect(calls).toBe(2);
    expect(open.seen).toHaveLength(1);
  });

  it('a name that does not resolve fails like a refused address, naming neither the host nor ENOTFOUND', async () => {
    const nxdomain: Resolver = (h, _o, cb) => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: 'ENOTFOUND' }), []);
    const missing = await deliverWebhook(delivery('http://db.internal.test/'), guardedFetch(isPublicAddress, nxdomain));
    const refused = await deliverWebhook(delivery('http://10.0.0.1/'), guardedFetch(isPublicAddress, nxdomain));
    expect(missing).toMatchObject({ ok: false, permanent: true });
    expect(missing.error).toBe(refused.error);
    expect(missing.error).not.toMatch(/ENOTFOUND|db\.internal/);
  });

  it('an allowed redirect re-sends the same signed body; a loop stops after MAX_REDIRECTS', async () => {
    open.handle = (q, s) => (q.url === '/hook' ? s.writeHead(308, { location: '/moved' }).end() : s.writeHead(200).end());
    const res = await deliverWebhook(delivery(`${open.url}/hook`), receiverOnly);
    expect(res).toMatchObject({ ok: true, status: 200 });
    expect(open.seen.map((s) => [s.path, s.body])).toEqual([['/hook', '{"a":1}'], ['/moved', '{"a":1}']]);
    expect(open.seen.every((s) => verifySignature(SECRET, s.body, s.signature, Math.floor(Date.now() / 1000)))).toBe(true);

    open.seen.length = 0;
    open.handle = (_q, s) => s.writeHead(302, { location: '/again' }).end();
    const loop = await deliverWebhook(delivery(`${open.url}/hook`), receiverOnly);
    expect(loop).toMatchObject({ ok: false, permanent: true, error: `more than ${MAX_REDIRECTS} redirects` });
    expect(open.seen).toHaveLength(MAX_REDIRECTS + 1);

    open.handle = (_q, s) => s.writeHead(301, { location: 'file:///etc/passwd' }).end();
    expect((await deliverWebhook(delivery(`${open.url}/hook`), receiverOnly)).error).toMatch(/without a valid http\(s\) Location/);
  });
});

describe('the escape hatch for tests and development', () => {
  it('is refused when NODE_ENV=production; off, only public addresses pass', () => {
    const saved = { node: process.env.NODE_ENV, flag: process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS };
    const set = (node: string | undefined, flag: string | undefined) => {
      const e = process.env as Record<string, string | undefined>;
      if (node === undefined) delete e.NODE_ENV;
      else e.NODE_ENV = node;
      if (flag === undefined) delete e.WEBHOOK_ALLOW_PRIVATE_TARGETS;
      else e.WEBHOOK_ALLOW_PRIVATE_TARGETS = flag;
      resetEnvCache();
    };
    try {
      set('production', '1');
      expect(() => webhookAddressPolicy()).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS: must not be 1 when NODE_ENV=production/);
      set('production', '0');
      expect(() => webhookAddressPolicy(true)).toThrow(/refused when NODE_ENV=production/);
      expect(webhookAddressPolicy()('127.0.0.1')).toBe(false);
      expect(webhookAddressPolicy()('93.184.216.34')).toBe(true);
      set('development', '1');
      expect(webhookAddressPolicy()('127.0.0.1')).toBe(true);
    } finally {
      set(saved.node, saved.flag);
    }
  });
});

describe('on-premise: the internal ranges an operator names (WEBHOOK_PRIVATE_TARGET_CIDRS)', () => {
  it('lets webhooks reach those ranges, in production too, and no other private address', () => {
    const saved = { node: process.env.NODE_ENV, flag: process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS, cidrs: process.env.WEBHOOK_PRIVATE_TARGET_CIDRS };
    const e = process.env as Record<string, string | undefined>;
    const restore = (k: string, v: string | undefined) => (v === undefined ? delete e[k] : (e[k] = v));
    try {
      e.NODE_ENV = 'production';
      e.WEBHOOK_ALLOW_PRIVATE_TARGETS = '0';
      e.WEBHOOK_PRIVATE_TARGET_CIDRS = '10.20.0.0/16, fd00:1::/48';
      resetEnvCache();
      const allow = webhookAddressPolicy();
      expect(allow('10.20.3.4')).toBe(true);
      expect(allow('fd00:1::5')).toBe(true);
      expect(allow('93.184.216.34')).toBe(true);
      for (const refused of ['10.21.0.1', '127.0.0.1', '169.254.169.254', '192.168.1.1', 'fd00:2::1']) expect(allow(refused), refused).toBe(false);
      // A bad or catch-all range stops the process at boot, naming the variable.
      for (const bad of ['10.0.0.0/33', 'intranet', '0.0.0.0/0']) {
        e.WEBHOOK_PRIVATE_TARGET_CIDRS = bad;
        resetEnvCache();
        expect(() => webhookAddressPolicy(), bad).toThrow(/WEBHOOK_PRIVATE_TARGET_CIDRS/);
      }
    } finally {
      restore('NODE_ENV', saved.node);
      restore('WEBHOOK_ALLOW_PRIVATE_TARGETS', saved.flag);
      restore('WEBHOOK_PRIVATE_TARGET_CIDRS', saved.cidrs);
      resetEnvCache();
    }
  });
});
