import 'server-only';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { errorResponse } from './error-response';
import { SECURITY_HEADERS } from './security-headers.mjs';

/**
 * A route handler, as an App Router `route.ts` exports it. Its params come from the route's
 * pattern; `never` lets a handler declare their exact shape.
 */
export type RouteHandler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;

export interface FastRoute {
  method: string;
  /** Matched against the path (no query string); named groups are the route's params. */
  path: RegExp;
  handler: RouteHandler;
}

export interface FastLane {
  /** Serves `req` when a route matches (true); otherwise leaves it alone (false). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
}

/** Bodies from this size (bytes) are gzipped when the client accepts it, as Next does. */
export const COMPRESS_FROM = 1024;
const gzipAsync = promisify(gzip);

/**
 * The server's fast lane (scripts/server.mjs asks it first): the sync endpoints' own route
 * handlers, called straight from Node's HTTP server instead of through Next's router.
 * Why: Next's routing costs about 2.7 ms of CPU per request on this class of machine (a route
 * answering `{ok:true}` served 371 requests/s where Node alone served 23,000/s, same load),
 * ten times the work of a pull from an up-to-date device. Behaviour stays the route's: the
 * same handler, the same security headers (security-headers.mjs), gzip above 1 KB, errors
 * mapped by errorResponse; server-sent events stream as they come. Anything not matched here
 * goes to Next.
 */
export function createFastLane(routes: FastRoute[]): FastLane {
  return {
    serve(req, res) {
      const path = (req.url ?? '/').split('?', 1)[0]!;
      for (const route of routes) {
        if (req.method !== route.method) continue;
        const match = route.path.exec(path);
        if (!match) continue;
        void respond(route, decodeParams(match.groups), req, res);
        return true;
      }
      return false;
    },
  };
}

function decodeParams(groups: Record<string, string> | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(groups ?? {})) {
    try {
      params[k] = decodeURIComponent(v);
    } catch {
      params[k] = v; // malformed escapes: the handler refuses the value as it would any other
    }
  }
  return params;
}

const INTERNAL_ORIGIN = 'http://localhost';

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const one of v) headers.append(k, one);
    else if (v !== undefined) headers.set(k, v);
  }
  // undici takes the Node stream as an async iterable: cheaper than Readable.toWeb's adapter.
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : (req as unknown as ReadableStream<Uint8Array>);
  // A fixed origin, not the Host header: a client chooses that header, and one that is not a
  // valid host would make the URL throw (a 500). Handlers read only the path and query.
  // `signal` aborts when the client goes away, as Next's does: a live stream ends with it.
  return new Request(`${INTERNAL_ORIGIN}${req.url ?? '/'}`, { method: req.method, headers, body, duplex: 'half', signal } as RequestInit);
}

async function respond(route: FastRoute, params: Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  let response: Response;
  try {
    response = await route.handler(toRequest(req, gone.signal), { params: Promise.resolve(params) as Promise<never> });
  } catch (err) {
    response = errorResponse(err);
  }
  try {
    res.statusCode = response.status;
    for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
    response.headers.forEach((value, key) => {
      if (key !== 'set-cookie') res.setHeader(key, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) res.setHeader('set-cookie', cookies);
    if (response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await sendEvents(response.body, res, gone.signal);
      return;
    }
    let body = Buffer.from(await response.arrayBuffer());
    res.setHeader('vary', 'Accept-Encoding');
    if (body.length >= COMPRESS_FROM && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      body = await gzipAsync(body); // in libuv's thread pool: off this thread
      res.setHeader('content-encoding', 'gzip');
    }
    res.setHeader('content-length', body.length);
    res.end(body);
  } catch (err) {
    // Headers may be out already; the connection is the only thing left to end.
    console.error('fast lane: could not send a response', (err as Error).message);
    res.destroy();
  }
}

/**
 * Server-sent events go out as they come (never buffered, never compressed) until the handler
 * ends the stream or the client goes away, which cancels it (the handler's own cleanup runs).
 */
async function sendEvents(body: ReadableStream<Uint8Array>, res: ServerResponse, gone: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  gone.addEventListener('abort', cancel, { once: true });
  res.flushHeaders();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || gone.aborted) break;
      // A slow reader: wait for room, or for the client to go (which rejects: no listener is left behind).
      if (!res.write(value)) await once(res, 'drain', { signal: gone }).catch(() => undefined);
    }
  } finally {
    gone.removeEventListener('abort', cancel);
    if (!gone.aborted) res.end();
  }
}
