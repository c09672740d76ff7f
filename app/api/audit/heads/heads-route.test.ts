import { createPublicKey, verify, type JsonWebKey as NodeJwk } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as exportHeads, POST as signNow } from '@/app/api/audit/heads/route';
import { POST as verifyRoute } from '@/app/api/audit/verify/route';
import { mintSessionCookie } from '@/lib/auth/session-token';
import { seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { resetLimiters } from '@/lib/ratelimit/limiter';

let t: TestDatabase;
let f: Fixture;
beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

async function req(userId: string, url: string, method = 'GET', body?: unknown): Promise<Request> {
  resetLimiters();
  const c = await mintSessionCookie({ sub: userId, sid: crypto.randomUUID(), sv: 0, tid: f.tenants.acme, mfa: true, auth: Math.floor(Date.now() / 1000) });
  const headers = new Headers({ cookie: `${c.name}=${c.value}` });
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://localhost${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

type Export = { tenantId: string; algorithm: string; publicKeys: Record<string, JsonWebKey>; heads: { payload: { headSeq: number }; keyId: string; signature: string; signedText: string }[] };

describe('/api/audit/heads', () => {
  it('an auditor signs the head on demand, exports the signed heads and can check them offline with the public key', async () => {
    const signed = await signNow(await req(f.users.auditor.id, '/api/audit/heads', 'POST', {}));
    expect(signed.status).toBe(200);
    const res = await exportHeads(await req(f.users.auditor.id, '/api/audit/heads'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('audit-signed-heads.json');
    const body = (await res.json()) as Export;
    expect(body).toMatchObject({ tenantId: f.tenants.acme, algorithm: 'Ed25519' });
    expect(body.heads).toHaveLength(1);
    const head = body.heads[0]!;
    expect(head.payload.headSeq).toBeGreaterThanOrEqual(1); // the audit.head_signed entry itself
    // Offline: nothing of ours, just the exported JWK and the signed text.
    const pub = createPublicKey({ key: body.publicKeys[head.keyId] as NodeJwk, format: 'jwk' });
    expect(verify(null, Buffer.from(head.signedText), pub, Buffer.from(head.signature, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from(head.signedText.replace('"headSeq":', '"headSeq":1')), pub, Buffer.from(head.signature, 'base64'))).toBe(false);

    // Verify with the kept heads, after someone deleted them from the database.
    await t.db.query('DELETE FROM audit_heads WHERE tenant_id = $1', [f.tenants.acme]);
    const v = await verifyRoute(await req(f.users.auditor.id, '/api/audit/verify', 'POST', { heads: body.heads }));
    expect(v.status).toBe(200);
    const verdict = (await v.json()).verdict;
    expect(verdict.ok).toBe(true); // the hash chain itself is intact
    expect(verdict.heads.problems.map((p: { reason: string }) => p.reason)).toEqual(['head_missing']);
    // The plain request of the existing button still works.
    expect((await verifyRoute(await req(f.users.auditor.id, '/api/audit/verify', 'POST', {}))).status).toBe(200);
  });

  it('refuses a rep (403) and a malformed kept head with 422 naming the field', async () => {
    expect((await exportHeads(await req(f.users.rep.id, '/api/audit/heads'))).status).toBe(403);
    expect((await signNow(await req(f.users.rep.id, '/api/audit/heads', 'POST', {}))).status).toBe(403);
    const bad = await verifyRoute(await req(f.users.auditor.id, '/api/audit/verify', 'POST', { heads: [{ payload: { v: 1 }, keyId: 'a', signature: 'x' }] }));
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('heads');
  });
});
