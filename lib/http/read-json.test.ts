import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './app-error';
import { readJson } from './read-json';

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
