import { createPublicKey, verify, type JsonWebKey as NodeJwk } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as exportHeads, POST as signNow } from '@/app/api/audit/heads/route';
import { POST as verifyRoute } from '@/app/api/audit/verify/route';
import { mintSessionCookie } from '@/lib/auth/session-token';
import { seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { SIGN_NOW_PER_MINUTE, VERIFY_PER_MINUTE } from '@/lib/audit/audit-service';
import { MAX_SUPPLIED_HEADS } from '@/lib/audit/verify-request';
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

async function req(userId: string, url: string, method = 'GET', body?: unknown, opts: { tenantId?: string; keepLimits?: boolean } = {}): Promise<Request> {
  if (!opts.keepLimits) resetLimiters();
  const c = await mintSessionCookie({ sub: userId, sid: crypto.randomUUID(), sv: 0, tid: opts.tenantId ?? f.tenants.acme, mfa: true, auth: Math.floor(Date.now() / 1000) });
  const headers = new Headers({ cookie: `${c.name}=${c.value}` });
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://localhost${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

type Export = {
  tenantId: string;
  algorithm: string;
  publicKeys: Record<string, JsonWebKey>;
  heads: { payload: { headSeq: number; tenantId: string }; keyId: string; signature: string; signedText: string }[];
};

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

  it('signing on demand is limited per organization; another organization keeps its own allowance', async () => {
    resetLimiters();
    const sign = async (userId: string, tenantId: string) => signNow(await req(userId, '/api/audit/heads', 'POST', {}, { tenantId, keepLimits: true }));
    for (let i = 0; i < SIGN_NOW_PER_MINUTE; i++) expect((await sign(f.users.auditor.id, f.tenants.acme)).status).toBe(200);
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_heads WHERE tenant_id = $1', [f.tenants.acme])).rows[0]!.n;
    const refused = await sign(f.users.owner.id, f.tenants.acme); // per organization, not per person
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_heads WHERE tenant_id = $1', [f.tenants.acme])).rows[0]!.n).toBe(before);
    expect((await sign(f.users.globexAdmin.id, f.tenants.globex)).status).toBe(200);
  });

  it('chain verification (the costliest request) is limited per organization too', async () => {
    resetLimiters();
    const verify = async (userId: string, tenantId: string) => verifyRoute(await req(userId, '/api/audit/verify', 'POST', {}, { tenantId, keepLimits: true }));
    for (let i = 0; i < VERIFY_PER_MINUTE; i++) expect((await verify(f.users.auditor.id, f.tenants.acme)).status).toBe(200);
    const refused = await verify(f.users.admin.id, f.tenants.acme);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await verify(f.users.globexAdmin.id, f.tenants.globex)).status).toBe(200);
  });

  it('an organization exports only its own heads, and another organization’s heads are refused as wrong_tenant', async () => {
    expect((await signNow(await req(f.users.auditor.id, '/api/audit/heads', 'POST', {}))).status).toBe(200);
    expect((await signNow(await req(f.users.globexAdmin.id, '/api/audit/heads', 'POST', {}, { tenantId: f.tenants.globex }))).status).toBe(200);
    const acme = (await (await exportHeads(await req(f.users.auditor.id, '/api/audit/heads'))).json()) as Export;
    const globex = (await (await exportHeads(await req(f.users.globexAdmin.id, '/api/audit/heads', 'GET', undefined, { tenantId: f.tenants.globex }))).json()) as typeof acme;
    expect(acme.heads.length).toBeGreaterThan(0);
    expect(globex.heads.length).toBeGreaterThan(0);
    expect(globex.tenantId).toBe(f.tenants.globex);
    expect(globex.heads.every((h) => h.payload.tenantId === f.tenants.globex)).toBe(true);
    expect(JSON.stringify(globex)).not.toContain(f.tenants.acme);

    // Globex verifies with acme's genuine heads: each is refused for its tenant, none counts as globex's.
    const v = await verifyRoute(await req(f.users.globexAdmin.id, '/api/audit/verify', 'POST', { heads: acme.heads }, { tenantId: f.tenants.globex }));
    expect(v.status).toBe(200);
    const reasons = new Set((await v.json()).verdict.heads.problems.map((p: { reason: string }) => p.reason));
    expect([...reasons]).toEqual(['wrong_tenant']);
  });

  it('refuses more kept heads than the limit with 422 naming heads', async () => {
    expect((await signNow(await req(f.users.auditor.id, '/api/audit/heads', 'POST', {}))).status).toBe(200);
    const body = (await (await exportHeads(await req(f.users.auditor.id, '/api/audit/heads'))).json()) as Export;
    const head = body.heads.at(-1)!;
    const res = await verifyRoute(await req(f.users.auditor.id, '/api/audit/verify', 'POST', { heads: Array.from({ length: MAX_SUPPLIED_HEADS + 1 }, () => head) }));
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('heads');
  });
});
