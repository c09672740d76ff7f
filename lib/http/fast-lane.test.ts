import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, ErrorCode } from './app-error';
import { createFastLane, COMPRESS_FROM } from './fast-lane';
import { readJson } from './read-json';
import { SECURITY_HEADERS } from './security-headers.mjs';

// The adapter between Node's HTTP server and route handlers (scripts/server.mjs uses it for
// the sync endpoints): what a handler answers must reach the client as Next would send it.

let server: Server;
let base = '';
const seen: { url?: string; params?: unknown; cookie?: string | null; body?: unknown } = {};
/** The live-stream route's side: whether its request was aborted and its stream cancelled. */
const events = { aborted: false, cancelled: false, tick: null as null | (() => void) };

beforeAll(async () => {
  const lane = createFastLane([
    {
      method: 'POST',
      path: /^\/echo\/(?<name>[^/]+)$/,
      handler: async (req, { params }) => {
        seen.url = req.url;
        seen.params = await params;
        seen.cookie = req.headers.get('cookie');
        seen.body = await readJson(req, z.object({ size: z.number().int().min(0).max(10_000) }), 1000);
        const res = new Response('x'.repeat((seen.body as { size: number }).size), { headers: { 'content-type': 'text/plain' } });
        res.headers.append('set-cookie', 'a=1; Path=/');
        res.headers.append('set-cookie', 'b=2; Path=/');
        return res;
      },
    },
    {
      method: 'GET',
      path: /^\/events$/,
      handler: async (req) => {
        req.signal.addEventListener('abort', () => (events.aborted = true));
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode('event: hello\ndata: {}\n\n'));
            events.tick = () => controller.enqueue(encoder.encode('event: tick\ndata: {}\n\n'));
          },
          cancel() {
            events.cancelled = true;
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    },
    {
      method: 'POST',
      path: /^\/refuse$/,
      handler: async () => {
        throw new AppError(ErrorCode.Forbidden, 'Your role does not allow this.');
      },
    },
    {
      method: 'POST',
      path: /^\/crash$/,
      handler: async () => {
        throw new Error('database exploded with secret values');
      },
    },
  ]);
  server = createServer((req, res) => {
    if (lane.serve(req, res)) return;
    res.statusCode = 418;
    res.end('not the fast lane');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

/** A POST through node:http, which (unlike fetch) shows the bytes as sent and sends any Host. */
function rawPost(path: string, body: unknown, acceptEncoding: string, host?: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': acceptEncoding, ...(host ? { host } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

describe('fast lane', () => {
  it('calls the matching handler with the request, its decoded params and body; sends status, headers and every cookie', async () => {
    const res = await post('/echo/caf%C3%A9?x=1', { size: 10 }, { cookie: 'crm.session=abc' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('x'.repeat(10));
    expect(seen).toEqual({ url: 'http://localhost/echo/caf%C3%A9?x=1', params: { name: 'café' }, cookie: 'crm.session=abc', body: { size: 10 } });
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    for (const { key, value } of SECURITY_HEADERS) expect(res.headers.get(key)).toBe(value);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.get('content-encoding')).toBeNull(); // small: not worth compressing
  });

  it(`gzips bodies from ${COMPRESS_FROM} bytes for clients that accept it, and only for them`, async () => {
    const zipped = await rawPost('/echo/big', { size: 5000 }, 'gzip, br');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(zipped.body.length).toBeLessThan(200);
    expect(gunzipSync(zipped.body).toString()).toBe('x'.repeat(5000));
    const plain = await rawPost('/echo/big', { size: 5000 }, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe('x'.repeat(5000));
  });

  it('maps errors as the routes do: AppError to its status, anything else to a 500 without its message', async () => {
    const refused = await post('/refuse', {});
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    const crashed = await post('/crash', {});
    expect(crashed.status).toBe(500);
    expect(await crashed.text()).not.toContain('secret');
    const tooBig = await post('/echo/x', { size: 1, pad: 'y'.repeat(2000) });
    expect(tooBig.status).toBe(413);
  });

  it('serves a request whose Host header is not a valid host (a client chooses it; it must not give a 500)', async () => {
    for (const host of ['exa mple.test', 'a:b:c', '[::1', '%%']) {
      const res = await rawPost('/echo/h?q=1', { size: 3 }, 'identity', host);
      expect(res.body.toString(), host).toBe('xxx');
      expect(seen.url).toBe('http://localhost/echo/h?q=1');
    }
  });

  it('sends server-sent events as they come, uncompressed, and cancels the stream when the client goes away', async () => {
    const chunks: string[] = [];
    const req = request(`${base}/events`, { headers: { 'accept-encoding': 'gzip' } });
    const res = await new Promise<IncomingMessage>((resolve, reject) => req.on('response', resolve).on('error', reject).end());
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    res.setEncoding('utf8');
    res.on('data', (c: string) => chunks.push(c));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i += 1) await new Promise((r) => setTimeout(r, 10));
      expect(ok()).toBe(true);
    };
    // The first event arrives while the stream is still open, and a later one as it is sent.
    await until(() => chunks.join('').includes('event: hello'));
    events.tick?.();
    await until(() => chunks.join('').includes('event: tick'));
    expect(events.aborted).toBe(false);
    req.destroy();
    await until(() => events.aborted && events.cancelled);
  });

  it('leaves unmatched requests alone: other paths and other methods', async () => {
    expect((await post('/echo/a/b', {})).status).toBe(418);
    expect((await fetch(`${base}/echo/a`)).status).toBe(418);
  });
});
