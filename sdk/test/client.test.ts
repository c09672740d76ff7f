// The SDK against the real API v1 handlers, key check and database (in process, through
// app/api/v1/testing.ts; e2e/api-sdk.spec.ts does the same over HTTP against the running app),
// and its retry rules against a scripted server.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/api-keys/api-keys';
import { seedAuthFixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { routeFetch } from '@/app/api/v1/testing';
import { CrmApiError, CrmClient, retryAfterMs } from '../src';

let t: TestDatabase;
let crm: CrmClient;
let auditor: CrmClient;

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  const f = await seedAuthFixture(t.db);
  const admin = { userId: f.users.admin.id, tenantId: f.tenants.acme, role: 'admin' as const };
  const { token } = await createApiKey(admin, { name: 'SDK test', scopes: ['contacts:write', 'companies:write', 'deals:read'], expiresAt: null }, t.db);
  crm = new CrmClient({ baseUrl: 'http://localhost', apiKey: token, fetch: routeFetch });
  const audit = await createApiKey(admin, { name: 'SDK audit', scopes: ['audit:read', 'workflows:read'], expiresAt: null }, t.db);
  auditor = new CrmClient({ baseUrl: 'http://localhost', apiKey: audit.token, fetch: routeFetch });
}, 60_000);

afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

describe('the SDK against the server', () => {
  it('round trip: create, get, update with If-Match, a stale version refused, iterate over pages, bulk, delete', async () => {
    const tag = uuidv7().slice(-8);
    const { record: ada, etag } = await crm.contacts.create({ firstName: 'Ada', lastName: `Lovelace ${tag}` });
    expect(ada).toMatchObject({ firstName: 'Ada', email: null });
    expect((await crm.contacts.get(ada.id)).etag).toBe(etag);
    const { record: changed, etag: next } = await crm.contacts.update(ada.id, { title: 'Analyst' }, { ifMatch: etag });
    expect(changed.title).toBe('Analyst');
    const stale = await crm.contacts.update(ada.id, { title: 'Countess' }, { ifMatch: etag }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(CrmApiError);
    expect(stale).toMatchObject({ status: 412, code: 'precondition_failed', etag: next });

    const results = await crm.companies.bulkUpsert(Array.from({ length: 25 }, (_, i) => ({ name: `Iterated ${tag} ${String(i).padStart(2, '0')}` })));
    expect(results.map((r) => r.status)).toEqual(Array(25).fill('created'));
    const names: string[] = [];
    for await (const company of crm.companies.iterate({ q: `Iterated ${tag}`, sort: 'name', limit: 10 })) names.push(company.name);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `Iterated ${tag} ${String(i).padStart(2, '0')}`));

    await crm.contacts.delete(ada.id, { ifMatch: next });
    expect(await crm.contacts.get(ada.id).catch((e: CrmApiError) => e.status)).toBe(404);
  });

  it('iterates the audit log page by page, newest first, and lists workflows', async () => {
    const seqs: number[] = [];
    for await (const entry of auditor.audit.iterate({ action: 'record.', limit: 3 })) seqs.push(entry.seq);
    expect(seqs.length).toBeGreaterThan(6);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(await auditor.workflows.list()).toEqual([]);
  });

  it('errors are typed problem documents naming the field; a missing scope is insufficient_scope', async () => {
    const bad = await crm.contacts.create({ firstName: 'x', lastName: 'y', email: 'e'.repeat(400) }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 422, code: 'validation_failed' });
    expect((bad as CrmApiError).errors.map((e) => e.path)).toContain('email');
    expect(await crm.deals.create({ name: 'No', pipelineId: uuidv7(), stageId: 'a', currency: 'EUR' }).catch((e: CrmApiError) => e.code)).toBe('insufficient_scope');
  });

  it('a create retried after a lost answer makes one record: the Idempotency-Key is the same on every attempt', async () => {
    let calls = 0;
    const keys: (string | null)[] = [];
    // The first answer is lost on the way back (the write happened); the SDK retries.
    const lossy = new CrmClient({
      baseUrl: 'http://localhost',
      apiKey: (crm as unknown as { options: { apiKey: string } }).options.apiKey,
      sleep: async () => undefined,
      fetch: async (req) => {
        keys.push(req.headers.get('idempotency-key'));
        const res = await routeFetch(req);
        if (calls++ === 0) return new Response(null, { status: 503 });
        return res;
      },
    });
    const lastName = `Once ${uuidv7()}`;
    const { record } = await lossy.contacts.create({ firstName: 'Retried', lastName });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    const found = [];
    for await (const c of crm.contacts.iterate({ lastName })) found.push(c.id);
    expect(found).toEqual([record.id]);
  });
});

describe('retries', () => {
  /** A client whose server answers from `script`, one answer per call; waits are recorded, not slept. */
  function scripted(script: (() => Response)[], options: { maxRetries?: number } = {}) {
    const waits: number[] = [];
    const seen: Request[] = [];
    const client = new CrmClient({
      baseUrl: 'https://crm.example',
      apiKey: 'crm_test',
      retry: { maxRetries: options.maxRetries ?? 4, baseDelayMs: 100 },
      random: () => 1,
      sleep: async (ms) => void waits.push(ms),
      fetch: async (req) => {
        seen.push(req);
        const next = script.shift();
        if (!next) throw new Error('no more answers');
        return next();
      },
    });
    return { client, waits, seen };
  }
  const problem = (status: number, headers: Record<string, string> = {}) => () =>
    Response.json({ type: 't', title: 'x', status, detail: `status ${status}`, code: String(status) }, { status, headers });
  const page = () => Response.json({ data: [], nextCursor: null });

  it('honours Retry-After on 429, else backs off exponentially', async () => {
    const { client, waits } = scripted([problem(429, { 'retry-after': '3' }), problem(503), problem(503), page]);
    await client.contacts.list();
    expect(waits).toEqual([3000, 200, 400]);
  });

  it('gives up after maxRetries with the last problem as a CrmApiError', async () => {
    const { client, waits } = scripted([problem(503), problem(503), problem(503)], { maxRetries: 2 });
    const err = await client.contacts.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmApiError);
    expect(err).toMatchObject({ status: 503 });
    expect(waits).toHaveLength(2);
  });

  it('never retries a refusal (4xx but 429), nor a POST without an Idempotency-Key on a 503', async () => {
    const refused = scripted([problem(422), page]);
    expect(await refused.client.contacts.list().catch((e: CrmApiError) => e.status)).toBe(422);
    expect(refused.seen).toHaveLength(1);
    const post = scripted([problem(503), page]);
    await expect(post.client.request('POST', '/contacts', { body: {} })).rejects.toMatchObject({ status: 503 });
    expect(post.seen).toHaveLength(1);
  });

  it('retries a network failure of a read', async () => {
    const { client, seen } = scripted([
      () => {
        throw new TypeError('fetch failed');
      },
      page,
    ]);
    await client.contacts.list();
    expect(seen).toHaveLength(2);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
