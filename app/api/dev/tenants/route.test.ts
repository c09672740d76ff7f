import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/dev/tenants/route';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { withTenant } from '@/lib/db/with-tenant';
import { resetEnvCache } from '@/lib/env';
import { PEER_HEADER, peerStamp } from '@/lib/http/peer-address.mjs';
import { TEST_TENANT_SIZE, testTenantsOpenTo } from '@/lib/seed/test-tenants';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

const post = (body: unknown) =>
  POST(new Request('http://localhost/api/dev/tenants', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

describe('POST /api/dev/tenants (browser-test servers only)', () => {
  it('is a 404 unless the server was started for browser tests', async () => {
    vi.stubEnv('TEST_TENANTS', '0');
    resetEnvCache();
    expect((await post({ label: 'x' })).status).toBe(404);
  });

  it('in production, answers only callers on this machine', () => {
    const from = (ip: string) => new Headers({ [PEER_HEADER]: peerStamp(ip) });
    expect(testTenantsOpenTo(from('127.0.0.1'), { NODE_ENV: 'production', TEST_TENANTS: '1' })).toBe(true);
    expect(testTenantsOpenTo(from('203.0.113.5'), { NODE_ENV: 'production', TEST_TENANTS: '1' })).toBe(false);
    expect(testTenantsOpenTo(from('127.0.0.1'), { NODE_ENV: 'production', TEST_TENANTS: '0' })).toBe(false);
  });

  it('names the field of a bad label (422), and seeds a tenant of its own per call', async () => {
    vi.stubEnv('TEST_TENANTS', '1');
    resetEnvCache();
    const bad = await post({ label: 'Not OK!' });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('label');

    const [a, b] = await Promise.all([post({ label: 'field-sales' }), post({ label: 'field-sales' })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [ta, tb] = (await Promise.all([a.json(), b.json()])) as { tenantId: string; slug: string; logins: Record<string, string> }[];
    expect(ta!.tenantId).not.toBe(tb!.tenantId);
    expect(ta!.logins.rep).toBe(`rep@${ta!.slug}.test`);
    // Its own records, seen through the tenant's row-level security, and none of the other's.
    const contacts = await withTenant(ta!.tenantId, async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts')).rows[0]!.n, t.db);
    expect(contacts).toBe(TEST_TENANT_SIZE.contacts);
    const members = await t.db.query<{ email: string }>('SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 ORDER BY u.email', [ta!.tenantId]);
    expect(members.rows.map((r) => r.email)).toEqual(Object.values(ta!.logins).sort());
  });
});
