import { describe, expect, it } from 'vitest';
import { chunkedBody } from '@/lib/http/testing';
import { POST } from './route';

const ctx = { params: Promise.resolve({ nextauth: ['callback', 'password'] }) };

describe('sign-in callback body', () => {
  it('refuses a 50 MB chunked body after reading about 16 KB, before next-auth reads it', async () => {
    const { stream, seen } = chunkedBody(50 * 1024 * 1024, 16 * 1024, 0x61);
    const req = new Request('http://localhost/api/auth/callback/password', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    } as RequestInit);
    const res = await POST(req, ctx);
    expect(res.status).toBe(413);
    expect(seen.pulled).toBeLessThanOrEqual(16_000 + 16 * 1024);
    expect(seen.cancelled).toBe(true);
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const req = new Request('http://localhost/api/auth/callback/password', {
      method: 'POST',
      body: 'email=a%40b.c&password=' + 'x'.repeat(20_000),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect((await POST(req, ctx)).status).toBe(413);
  });
});
