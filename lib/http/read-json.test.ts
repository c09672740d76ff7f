import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './app-error';
import { readJson } from './read-json';
import { chunkedBody } from './testing';

const schema = z.object({ name: z.string().min(1) });
const req = (body: string, type = 'application/json') => new Request('http://x/', { method: 'POST', body, headers: { 'content-type': type } });

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code}` : 'other';
  }
}

describe('readJson', () => {
  it('accepts a valid body', async () => {
    await expect(readJson(req('{"name":"a"}'), schema)).resolves.toEqual({ name: 'a' });
  });
  it('maps each client mistake to its 4xx', async () => {
    expect(await codeOf(readJson(req('{"name":'), schema))).toBe('400 bad_request');
    expect(await codeOf(readJson(req('{"name":""}'), schema))).toBe('422 validation_failed');
    expect(await codeOf(readJson(req('name=a', 'application/x-www-form-urlencoded'), schema))).toBe('415 unsupported_media_type');
    expect(await codeOf(readJson(req(JSON.stringify({ name: 'x'.repeat(50) })), schema, 20))).toBe('413 payload_too_large');
  });
  it('names the failing field in the message', async () => {
    await expect(readJson(req('{"name":42}'), schema)).rejects.toThrow(/name:/);
  });
});

describe('readJson reads the body as a stream', () => {
  it('refuses a 50 MB chunked body after reading about the limit, and cancels the rest', async () => {
    const { stream, seen } = chunkedBody(50 * 1024 * 1024);
    const r = new Request('http://x/', { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit);
    expect(r.headers.get('content-length')).toBeNull();
    expect(await codeOf(readJson(r, schema, 1_000_000))).toBe('413 payload_too_large');
    expect(seen.pulled).toBeLessThanOrEqual(1_000_000 + 64 * 1024);
    expect(seen.cancelled).toBe(true);
  });
  it('accepts a chunked body under the limit', async () => {
    const text = JSON.stringify({ name: 'ada' });
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 5));
        c.enqueue(bytes.slice(5));
        c.close();
      },
    });
    const r = new Request('http://x/', { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit);
    await expect(readJson(r, schema)).resolves.toEqual({ name: 'ada' });
  });
  it('refuses bytes that are not UTF-8 with 400', async () => {
    const r = new Request('http://x/', { method: 'POST', body: new Uint8Array([0x7b, 0xff, 0x7d]), headers: { 'content-type': 'application/json' } });
    expect(await codeOf(readJson(r, schema))).toBe('400 bad_request');
  });
});

describe('parseJson refuses values no column can hold, naming the path', () => {
  const any = z.unknown();
  it('NUL and lone surrogates anywhere in the body', async () => {
    await expect(readJson(req('{"name":"a\\u0000b"}'), any)).rejects.toThrow(/name: must not contain NUL/);
    await expect(readJson(req('{"a":[{"b":"x\\ud800"}]}'), any)).rejects.toThrow(/a\.0\.b: must not contain/);
    await expect(readJson(req('{"a":"\\udc00x"}'), any)).rejects.toThrow(/a: must not contain/);
    await expect(readJson(req('{"a":"ok \\ud83d\\ude00"}'), any)).resolves.toEqual({ a: 'ok 😀' });
  });
  it('10,000 levels of nesting: 422, not a stack overflow', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(await codeOf(readJson(req(deep), any))).toBe('422 validation_failed');
    const obj = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    expect(await codeOf(readJson(req(obj), any))).toBe('422 validation_failed');
  });
});
