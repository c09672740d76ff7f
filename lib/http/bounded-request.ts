import 'server-only';
import { NextRequest } from 'next/server';
import { readBodyBytes } from './read-json';

/**
 * The same request with its body read (as a stream, at most `maxBytes`: 413 past that) and
 * held in memory, for a library that reads the body itself and would buffer any size first
 * (next-auth calls req.text()). The copy is a NextRequest, as the library expects.
 */
export async function withBoundedBody(req: Request, maxBytes: number): Promise<{ request: NextRequest; body: Uint8Array<ArrayBuffer> }> {
  const body = await readBodyBytes(req, maxBytes);
  const headers = new Headers(req.headers);
  headers.delete('transfer-encoding');
  headers.set('content-length', String(body.byteLength));
  const request = new NextRequest(req.url, { method: req.method, headers, body: body.byteLength > 0 ? body : undefined, signal: req.signal });
  return { request, body };
}
