// API v1 through its real route handlers and the real key check, on a real database: every
// answer with a body is checked against the served OpenAPI document (so the document cannot
// drift from the code), every error is a problem document naming what was wrong, and a key of
// one organization never reads or changes another's records.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/api-keys/api-keys';
import type { ApiScope } from '@/lib/api-keys/scopes';
import type { SessionContext } from '@/lib/auth/session-context';
import { seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { setDb } from '@/lib/db/open-database';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { withSystem } from '@/lib/db/with-tenant';
import { resetLimiters } from '@/lib/ratelimit/limiter';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from '@/lib/workflows/definition';
import { createWorkflow, publishWorkflow, saveDraft } from '@/lib/workflows/manage-workflows';
import { getWorkflowEngine } from '@/lib/workflows/start-workers';
import { ChangeHub, type CommittedChange } from '@/sync/server/change-hub';
import { settledPull } from '@/sync/server/testing';
import * as openapi from './openapi.json/route';
import { routeFetch } from './testing';

let t: TestDatabase;
let f: Fixture;
let acmeAdmin: SessionContext;
const tokens = {} as Record<'full' | 'contactsRead' | 'globex' | 'second' | 'ops' | 'globexOps', string>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;
let ajv: Ajv2020;

const RECORD_SCOPES: ApiScope[] = ['companies:write', 'contacts:write', 'deals:write', 'activities:write', 'pipelines:write'];

beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
  acmeAdmin = { userId: f.users.admin.id, tenantId: f.tenants.acme, role: 'admin' };
  const globexAdmin: SessionContext = { userId: f.users.globexAdmin.id, tenantId: f.tenants.globex, role: 'admin' };
  tokens.full = (await createApiKey(acmeAdmin, { name: 'ERP', scopes: RECORD_SCOPES, expiresAt: null }, t.db)).token;
  tokens.second = (await createApiKey(acmeAdmin, { name: 'Warehouse', scopes: RECORD_SCOPES, expiresAt: null }, t.db)).token;
  tokens.contactsRead = (await createApiKey(acmeAdmin, { name: 'Reader', scopes: ['contacts:read'], expiresAt: null }, t.db)).token;
  tokens.globex = (await createApiKey(globexAdmin, { name: 'Globex ERP', scopes: RECORD_SCOPES, expiresAt: null }, t.db)).token;
  tokens.ops = (await createApiKey(acmeAdmin, { name: 'Ops', scopes: ['workflows:write', 'audit:read'], expiresAt: null }, t.db)).token;
  tokens.globexOps = (await createApiKey(globexAdmin, { name: 'Globex ops', scopes: ['workflows:write', 'audit:read'], expiresAt: null }, t.db)).token;
  doc = await (await openapi.GET()).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: doc.components });
}, 60_000);

afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

type Init = { method?: string; body?: unknown; raw?: string; headers?: Record<string, string>; token?: string | null };

/** Calls the route module that serves `url` (as Next would), with the key as a Bearer token. */
async function api(url: string, init: Init = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { 'x-forwarded-for': '203.0.113.7', ...init.headers };
  const token = init.token === undefined ? tokens.full : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  return routeFetch(new Request(`http://localhost/api/v1${url}`, { method, headers, body }));
}

/** The document's schema for an answer, with its references resolved against the document. */
function responseSchema(template: string, method: string, status: number, contentType: string): object {
  const response = doc.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)];
  expect(response, `${method} ${template} ${status} is in the OpenAPI document`).toBeDefined();
  const schema = response.content?.[contentType]?.schema;
  expect(schema, `${method} ${template} ${status} ${contentType} has a schema`).toBeDefined();
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
}

/** Reads the body and checks it (and its content type) against the OpenAPI document. */
async function conforming<T = Record<string, unknown>>(res: Response, template: string, method = 'GET'): Promise<T> {
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!;
  const body = await res.json();
  const validate = ajv.compile(responseSchema(template, method, res.status, contentType));
  expect(validate(body), `${method} ${template} ${res.status}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`).toBe(true);
  return body as T;
}

const contact = (over: Record<string, unknown> = {}) => ({ firstName: 'Grace', lastName: `Hopper ${uuidv7().slice(-6)}`, email: 'grace@example.com', ...over });

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document and covers every API v1 route file', async () => {
    const result = await new Validator().validate(doc);
    expect(result, JSON.stringify(result.errors)).toMatchObject({ valid: true });
    expect(doc.openapi).toBe('3.1.0');
    // Every route file under app/api/v1 (but the document's own) is in the document, per resource.
    const routeDirs: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name === 'route.ts') routeDirs.push(path.relative(import.meta.dirname, dir));
      }
    };
    walk(import.meta.dirname);
    const templates = routeDirs.filter((d) => d !== 'openapi.json').map((d) => `/${d.replace('[resource]', 'contacts').replace(/\[(\w+)\]/g, '{$1}')}`);
    for (const template of templates) expect(Object.keys(doc.paths)).toContain(template);
  });
});

describe('records through API v1', () => {
  it('creates a record through the one write path: 201, ETag, Location, audited with the key and in the change log', async () => {
    const res = await api('/contacts', { method: 'POST', body: contact({ firstName: 'Ada' }) });
    expect(res.status).toBe(201);
    const created = await conforming<{ id: string; ownerId: string }>(res, '/contacts', 'POST');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
    expect(res.headers.get('location')).toBe(`/api/v1/contacts/${created.id}`);
    expect(res.headers.get('ratelimit-policy')).toContain('"key"');
    expect(res.headers.get('ratelimit')).toMatch(/r=\d+/);
    // Owned by the person the key acts for, as a phone's new record is.
    expect(created.ownerId).toBe(f.users.admin.id);
    const trail = await withSystem(async (tx) => {
      await tx.query("SELECT set_config('app.tenant_id', $1, true)", [f.tenants.acme]);
      const change = await tx.query<{ source: string; actor_id: string }>('SELECT source, actor_id FROM record_changes WHERE record_id = $1', [created.id]);
      const audit = await tx.query<{ actor_id: string; data: { apiKeyId?: string; source: string } }>(
        "SELECT actor_id, data FROM audit_pending WHERE target_id = $1 UNION ALL SELECT actor_id, data FROM audit_log WHERE target_id = $1",
        [created.id],
      );
      return { change: change.rows, audit: audit.rows };
    }, t.db);
    expect(trail.change).toEqual([{ source: 'api', actor_id: f.users.admin.id }]);
    expect(trail.audit).toHaveLength(1);
    expect(trail.audit[0]!.actor_id).toBe(f.users.admin.id);
    expect(trail.audit[0]!.data.source).toBe('api');
    expect(trail.audit[0]!.data.apiKeyId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads one record with its ETag, and answers If-None-Match with 304', async () => {
    const created = (await (await api('/contacts', { method: 'POST', body: contact() })).json()) as { id: string };
    const res = await api(`/contacts/${created.id}`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect(await conforming(res, '/contacts/{id}')).toMatchObject({ id: created.id });
    expect((await api(`/contacts/${created.id}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('a record written through the API reaches the phones: the live stream hears it and a pull returns it', async () => {
    const hub = new ChangeHub(async () => t.db);
    const heard: CommittedChange[] = [];
    const stop = await hub.subscribe(f.tenants.acme, (c) => heard.push(c));
    const otherTenant: CommittedChange[] = [];
    const stopOther = await hub.subscribe(f.tenants.globex, (c) => otherTenant.push(c));
    const created = (await (await api('/contacts', { method: 'POST', body: contact({ firstName: 'Live' }) })).json()) as { id: string };
    for (const end = Date.now() + 15_000; !heard.some((c) => c.collection === 'contacts') && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    expect(heard.map((c) => c.collection)).toContain('contacts');
    expect(otherTenant).toEqual([]);
    await stop();
    await stopOther();
    const rep: SessionContext = { userId: f.users.owner.id, tenantId: f.tenants.acme, role: 'owner' };
    const pulled = await settledPull(rep, 'contacts', { checkpoint: null, limit: 1000 }, t.db);
    expect(pulled.documents.map((d) => d.id)).toContain(created.id);
  });

  it('lists with cursor pagination: every record once, in order, under writes between pages', async () => {
    const tag = uuidv7().slice(-8);
    const made = await api('/companies/bulk', { method: 'POST', body: { items: Array.from({ length: 250 }, (_, i) => ({ name: `Paged ${tag} ${String(i).padStart(3, '0')}` })) } });
    expect(made.status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api(`/companies?limit=100&sort=name&q=${encodeURIComponent(`Paged ${tag}`)}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page: { data: { name: string }[]; nextCursor: string | null } = await conforming(res, '/companies');
      seen.push(...page.data.map((c) => c.name));
      cursor = page.nextCursor;
      // A record written between pages, sorting before the cursor, does not shift what follows.
      if (pages++ === 0) await api('/companies', { method: 'POST', body: { name: `Paged ${tag} 000a` } });
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.filter((n) => n !== `Paged ${tag} 000a`)).toEqual(Array.from({ length: 250 }, (_, i) => `Paged ${tag} ${String(i).padStart(3, '0')}`));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by field, by updatedSince and by text, and sorts descending', async () => {
    const tag = uuidv7().slice(-8);
    await api('/deals/bulk', {
      method: 'POST',
      body: {
        items: [
          { name: `Filter ${tag} a`, pipelineId: uuidv7(), stageId: 'lead', amountCents: 100, currency: 'EUR', status: 'won' },
          { name: `Filter ${tag} b`, pipelineId: uuidv7(), stageId: 'lead', amountCents: 300, currency: 'EUR' },
          { name: `Filter ${tag} c`, pipelineId: uuidv7(), stageId: 'lead', amountCents: 200, currency: 'USD' },
        ],
      },
    });
    const open = (await (await api(`/deals?q=${tag}&status=open&sort=-amountCents`)).json()) as { data: { name: string }[] };
    expect(open.data.map((d) => d.name)).toEqual([`Filter ${tag} b`, `Filter ${tag} c`]);
    const usd = (await (await api(`/deals?q=${tag}&currency=USD`)).json()) as { data: { name: string }[] };
    expect(usd.data.map((d) => d.name)).toEqual([`Filter ${tag} c`]);
    const future = (await (await api(`/deals?q=${tag}&updatedSince=2099-01-01T00:00:00.000Z`)).json()) as { data: unknown[] };
    expect(future.data).toEqual([]);
  });

  it('answers a bad query with 422 naming each parameter, as a problem document', async () => {
    const res = await api('/contacts?limit=5000&sort=shoeSize&ownerId=not-a-uuid&colour=red');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await conforming<{ errors: { path: string }[]; type: string; code: string }>(res, '/contacts');
    expect(body.code).toBe('validation_failed');
    expect(body.type).toBe('tag:crm-ai.app,2026:problem/validation_failed');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['colour', 'limit', 'ownerId', 'sort']);
    const page = (await (await api('/contacts?limit=1&sort=lastName')).json()) as { nextCursor: string };
    const wrongSort = await api(`/contacts?limit=1&sort=firstName&cursor=${page.nextCursor}`);
    expect(wrongSort.status).toBe(422);
    expect(((await wrongSort.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('cursor');
    expect((await api('/contacts?cursor=bm90LWEtY3Vyc29y')).status).toBe(422);
    expect((await api('/contacts?limit=1&limit=2')).status).toBe(422);
  });

  it('PATCH with If-Match: 412 on a stale version and nothing written; the current version writes', async () => {
    const created = await api('/contacts', { method: 'POST', body: contact() });
    const { id } = (await created.json()) as { id: string };
    const first = created.headers.get('etag')!;
    const changed = await api(`/contacts/${id}`, { method: 'PATCH', body: { title: 'Rear admiral' }, headers: { 'if-match': first } });
    expect(changed.status).toBe(200);
    expect(await conforming(changed, '/contacts/{id}', 'PATCH')).toMatchObject({ title: 'Rear admiral' });
    const second = changed.headers.get('etag')!;
    expect(second).not.toBe(first);
    const stale = await api(`/contacts/${id}`, { method: 'PATCH', body: { title: 'Commodore' }, headers: { 'if-match': first } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(second);
    expect((await conforming<{ code: string }>(stale, '/contacts/{id}', 'PATCH')).code).toBe('precondition_failed');
    expect(((await (await api(`/contacts/${id}`)).json()) as { title: string }).title).toBe('Rear admiral');
    expect((await api(`/contacts/${id}`, { method: 'PATCH', body: { title: 'Commodore' }, headers: { 'if-match': '*' } })).status).toBe(200);
  });

  it('refuses bad values with 422 naming the field, never a 500, and writes nothing', async () => {
    const { id } = (await (await api('/contacts', { method: 'POST', body: contact() })).json()) as { id: string };
    const cases: [Init, string][] = [
      [{ method: 'PATCH', body: { email: 'x'.repeat(400) } }, 'email'],
      [{ method: 'PATCH', body: { shoeSize: 44 } }, ''],
      [{ method: 'PATCH', body: { firstName: 'a\u0000b' } }, 'firstName'],
      [{ method: 'PATCH', body: { ownerId: 'nobody' } }, 'ownerId'],
      [{ method: 'PATCH', body: { id: uuidv7() } }, ''],
      [{ method: 'PATCH', body: { updatedAt: '2020-01-01T00:00:00.000Z' } }, ''],
    ];
    for (const [init, field] of cases) {
      const res = await api(`/contacts/${id}`, init);
      expect(res.status, JSON.stringify(init.body)).toBe(422);
      const body = await conforming<{ errors: { path: string }[] }>(res, '/contacts/{id}', 'PATCH');
      if (field) expect(body.errors.map((e) => e.path)).toContain(field);
    }
    const posts: [Init, number][] = [
      [{ method: 'POST', body: { firstName: 'No last name' } }, 422],
      [{ method: 'POST', body: { ...contact(), createdAt: '2020-01-01T00:00:00.000Z' } }, 422],
      [{ method: 'POST', raw: '{"firstName":' }, 400],
      [{ method: 'POST', raw: 'x', headers: { 'content-type': 'text/plain' } }, 415],
      [{ method: 'POST', raw: JSON.stringify({ ...contact(), title: 'y'.repeat(1_100_000) }) }, 413],
      [{ method: 'POST', raw: `${'['.repeat(10_000)}${']'.repeat(10_000)}` }, 422],
    ];
    for (const [init, status] of posts) {
      const res = await api('/contacts', init);
      expect(res.status, init.raw?.slice(0, 40) ?? JSON.stringify(init.body)).toBe(status);
      await conforming(res, '/contacts', 'POST');
    }
    expect((await api('/contacts/not-a-uuid')).status).toBe(404);
    expect((await api('/unicorns')).status).toBe(404);
  });

  it('creating with an id that exists is a 409; deleting is a 204, then 404', async () => {
    const { id } = (await (await api('/contacts', { method: 'POST', body: contact() })).json()) as { id: string };
    const again = await api('/contacts', { method: 'POST', body: contact({ id }) });
    expect(again.status).toBe(409);
    await conforming(again, '/contacts', 'POST');
    const stale = await api(`/contacts/${id}`, { method: 'DELETE', headers: { 'if-match': '"not-the-version-000000000000"' } });
    expect(stale.status).toBe(412);
    expect((await api(`/contacts/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/contacts/${id}`)).status).toBe(404);
    expect((await api(`/contacts/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(`/contacts/${id}`, { method: 'PATCH', body: { title: 'x' } })).status).toBe(404);
  });

  it('bulk upsert: a result per item, the valid ones written together, the invalid ones named', async () => {
    const { id } = (await (await api('/contacts', { method: 'POST', body: contact({ title: 'Before' }) })).json()) as { id: string };
    const res = await api('/contacts/bulk', {
      method: 'POST',
      body: { items: [contact({ firstName: 'Bulk' }), { id, title: 'After' }, { firstName: 'Missing last name' }, { id, title: 'Twice' }, 'not an object'] },
    });
    expect(res.status).toBe(200);
    const { results } = await conforming<{ results: { index: number; status: string; id: string | null; error?: { errors?: { path: string }[] } }[] }>(res, '/contacts/bulk', 'POST');
    expect(results.map((r) => r.status)).toEqual(['created', 'updated', 'error', 'error', 'error']);
    expect(results[2]!.error!.errors!.map((e) => e.path)).toContain('items.2.lastName');
    expect(((await (await api(`/contacts/${id}`)).json()) as { title: string }).title).toBe('After');
    expect((await api(`/contacts/${results[0]!.id}`)).status).toBe(200);
    const tooMany = await api('/contacts/bulk', { method: 'POST', body: { items: Array.from({ length: 1001 }, () => contact()) } });
    expect(tooMany.status).toBe(422);
    expect((await api('/contacts/bulk', { method: 'POST', body: { items: [] } })).status).toBe(422);
  });

  it('Idempotency-Key: a repeat gets the first answer and writes nothing; another request with the key is refused', async () => {
    const key = `order-${uuidv7()}`;
    const body = contact({ firstName: 'Once' });
    const first = await api('/contacts', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; lastName: string };
    const repeat = await api('/contacts', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect(repeat.status).toBe(201);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(repeat.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await repeat.json()).toEqual(created);
    const found = (await (await api(`/contacts?lastName=${encodeURIComponent(created.lastName)}`)).json()) as { data: unknown[] };
    expect(found.data).toHaveLength(1);
    const reused = await api('/contacts', { method: 'POST', body: { ...body, firstName: 'Other' }, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe('idempotency_key_reused');
    // Keys belong to one API key: another key's same Idempotency-Key is another request.
    const other = await api('/contacts', { method: 'POST', body, headers: { 'idempotency-key': key }, token: tokens.second });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(((await other.json()) as { id: string }).id).not.toBe(created.id);
    // Concurrent repeats: one write, the same answer for all.
    const concurrentKey = `c-${uuidv7()}`;
    const same = contact({ firstName: 'Concurrent' });
    const answers = await Promise.all(Array.from({ length: 4 }, () => api('/contacts', { method: 'POST', body: same, headers: { 'idempotency-key': concurrentKey } })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const ids = new Set(await Promise.all(answers.map(async (a) => ((await a.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    // A failed request stores nothing: the key works once the body is fixed.
    const fixKey = `f-${uuidv7()}`;
    expect((await api('/contacts', { method: 'POST', body: { firstName: 'x' }, headers: { 'idempotency-key': fixKey } })).status).toBe(422);
    expect((await api('/contacts', { method: 'POST', body: contact(), headers: { 'idempotency-key': fixKey } })).status).toBe(201);
    expect((await api('/contacts', { method: 'POST', body: contact(), headers: { 'idempotency-key': 'bad key with spaces' } })).status).toBe(422);
  });
});

describe('Idempotency-Key after 24 hours', () => {
  it('an answer older than 24 hours is no longer replayed, and the hourly purge deletes it', async () => {
    const key = `old-${uuidv7()}`;
    expect((await api('/contacts', { method: 'POST', body: contact(), headers: { 'idempotency-key': key } })).status).toBe(201);
    const age = (interval: string) =>
      withSystem(async (tx) => {
        await tx.query("SELECT set_config('app.tenant_id', $1, true)", [f.tenants.acme]);
        await tx.query(`UPDATE api_idempotency SET created_at = now() - $2::interval WHERE idempotency_key = $1`, [key, interval]);
      }, t.db);
    await age('25 hours');
    const fresh = await api('/contacts', { method: 'POST', body: contact({ firstName: 'Another' }), headers: { 'idempotency-key': key } });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    await age('25 hours');
    const { runIdempotencyPurge } = await import('@/lib/api-v1/idempotency');
    const outcome = await runIdempotencyPurge(t.db, new Date(), 0);
    expect(outcome).toMatchObject({ status: 'done' });
    expect((outcome as { detail: { deleted: number } }).detail.deleted).toBeGreaterThanOrEqual(1);
    const left = await withSystem(async (tx) => {
      await tx.query("SELECT set_config('app.tenant_id', $1, true)", [f.tenants.acme]);
      return (await tx.query('SELECT 1 FROM api_idempotency WHERE idempotency_key = $1', [key])).rowCount;
    }, t.db);
    expect(left).toBe(0);
  });
});

describe('workflows and the audit log through API v1', () => {
  let workflowId: string;
  beforeAll(async () => {
    await getWorkflowEngine(t.db);
    const w = await createWorkflow(acmeAdmin, { name: 'Called from the ERP' }, t.db);
    const definition: WorkflowDefinition = {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'manual' },
      steps: [{ id: 'end', name: 'End', type: 'stop' }],
      edges: [{ id: 'e0', source: 'trigger', target: 'end' }],
    };
    await saveDraft(acmeAdmin, w.id, { definition, revision: w.draftRevision }, t.db);
    await publishWorkflow(acmeAdmin, w.id, t.db);
    workflowId = w.id;
  });
  afterAll(async () => {
    const engine = await getWorkflowEngine();
    await engine.boss.stop({ graceful: false, wait: true, close: false });
  });

  it('lists workflows, starts a manual run once per Idempotency-Key, lists and reads its runs', async () => {
    const listed = await api('/workflows', { token: tokens.ops });
    const { data } = await conforming<{ data: { id: string; trigger: string }[] }>(listed, '/workflows');
    expect(data.find((w) => w.id === workflowId)).toMatchObject({ trigger: 'manual' });
    const key = `run-${uuidv7()}`;
    const started = await api(`/workflows/${workflowId}/runs`, { method: 'POST', body: { input: { order: 'A-1' } }, headers: { 'idempotency-key': key }, token: tokens.ops });
    expect(started.status).toBe(201);
    const { runId } = await conforming<{ runId: string }>(started, '/workflows/{id}/runs', 'POST');
    const again = await api(`/workflows/${workflowId}/runs`, { method: 'POST', body: { input: { order: 'A-1' } }, headers: { 'idempotency-key': key }, token: tokens.ops });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { runId: string }).runId).toBe(runId);
    const runs = await api(`/workflows/${workflowId}/runs?limit=10`, { token: tokens.ops });
    expect((await conforming<{ data: { id: string }[] }>(runs, '/workflows/{id}/runs')).data.map((r) => r.id)).toEqual([runId]);
    const one = await api(`/workflows/runs/${runId}`, { token: tokens.ops });
    expect(await conforming(one, '/workflows/runs/{runId}')).toMatchObject({ id: runId, workflowId, trigger: expect.anything() });
    const bad = await api(`/workflows/${workflowId}/runs`, { method: 'POST', body: { recordId: 'nope' }, token: tokens.ops });
    expect(bad.status).toBe(422);
    expect((await conforming<{ errors: { path: string }[] }>(bad, '/workflows/{id}/runs', 'POST')).errors.map((e) => e.path)).toContain('recordId');
    expect((await api(`/workflows/${workflowId}/runs?status=sleeping`, { token: tokens.ops })).status).toBe(422);
  });

  it('reads the audit log with filters and paging; scopes and tenants are kept apart', async () => {
    const page = await api('/audit?action=record.&limit=2', { token: tokens.ops });
    const body = await conforming<{ data: { seq: number; action: string }[]; nextBeforeSeq: number | null }>(page, '/audit');
    expect(body.data).toHaveLength(2);
    expect(body.data.every((e) => e.action.startsWith('record.'))).toBe(true);
    const older = await conforming<{ data: { seq: number }[] }>(await api(`/audit?action=record.&limit=2&beforeSeq=${body.nextBeforeSeq}`, { token: tokens.ops }), '/audit');
    expect(older.data[0]!.seq).toBeLessThan(body.data[1]!.seq);
    expect((await api('/audit?from=2026-13-01T00:00:00Z', { token: tokens.ops })).status).toBe(422);
    // Scopes: the record key reads no audit log and no workflows.
    expect((await api('/audit')).status).toBe(403);
    expect((await api('/workflows')).status).toBe(403);
    // Another organization: its own (empty) workflows and log, and 404 for these ids.
    const theirs = (await (await api('/workflows', { token: tokens.globexOps })).json()) as { data: { id: string }[] };
    expect(theirs.data.map((w) => w.id)).not.toContain(workflowId);
    expect((await api(`/workflows/${workflowId}/runs`, { token: tokens.globexOps })).status).toBe(404);
    expect((await api(`/workflows/${workflowId}/runs`, { method: 'POST', body: {}, token: tokens.globexOps })).status).toBe(404);
    const acmeRun = ((await (await api(`/workflows/${workflowId}/runs`, { token: tokens.ops })).json()) as { data: { id: string }[] }).data[0]!.id;
    expect((await api(`/workflows/runs/${acmeRun}`, { token: tokens.globexOps })).status).toBe(404);
    // Nothing of Acme's in Globex's log: no Acme person acting, no Acme workflow as a target.
    const globexLog = (await (await api('/audit?limit=1000', { token: tokens.globexOps })).json()) as { data: { actorId: string | null; targetId: string | null }[] };
    expect(globexLog.data.length).toBeGreaterThan(0);
    expect(globexLog.data.filter((e) => e.actorId === f.users.admin.id || e.targetId === workflowId)).toEqual([]);
  });
});

describe('API v1 access', () => {
  it('401 without a key or with a wrong one, with WWW-Authenticate; 403 insufficient_scope outside the key’s scopes', async () => {
    for (const token of [null, 'crm_wrong', `crm_${'A'.repeat(43)}`]) {
      const res = await api('/contacts', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await conforming(res, '/contacts');
    }
    expect((await api('/contacts', { token: tokens.contactsRead })).status).toBe(200);
    const write = await api('/contacts', { method: 'POST', body: contact(), token: tokens.contactsRead });
    expect(write.status).toBe(403);
    expect((await conforming<{ code: string }>(write, '/contacts', 'POST')).code).toBe('insufficient_scope');
    expect((await api('/deals', { token: tokens.contactsRead })).status).toBe(403);
  });

  it('another organization’s key never reads or changes these records (0 leaks through get, list, patch, delete, bulk)', async () => {
    const { id, lastName } = (await (await api('/contacts', { method: 'POST', body: contact() })).json()) as { id: string; lastName: string };
    const asGlobex = (url: string, init: Init = {}) => api(url, { ...init, token: tokens.globex });
    const missing = await (await asGlobex(`/contacts/${uuidv7()}`)).json();
    const theirs = await asGlobex(`/contacts/${id}`);
    expect(theirs.status).toBe(404);
    expect({ ...(await theirs.json()), detail: '' }).toEqual({ ...missing, detail: '' });
    expect((await asGlobex(`/contacts/${id}`, { method: 'PATCH', body: { title: 'Hijacked' } })).status).toBe(404);
    expect((await asGlobex(`/contacts/${id}`, { method: 'DELETE' })).status).toBe(404);
    const listed = (await (await asGlobex(`/contacts?lastName=${encodeURIComponent(lastName)}`)).json()) as { data: unknown[] };
    expect(listed.data).toEqual([]);
    const all = (await (await asGlobex('/contacts?limit=1000')).json()) as { data: { id: string }[] };
    expect(all.data.map((c) => c.id)).not.toContain(id);
    // A bulk item naming the id writes in Globex only; Acme's record is untouched.
    await asGlobex('/contacts/bulk', { method: 'POST', body: { items: [{ id, title: 'Hijacked' }] } });
    const still = (await (await api(`/contacts/${id}`)).json()) as { title: string | null };
    expect(still.title).toBeNull();
  });

  it('counts requests per key: over its quota a key gets 429 with Retry-After and RateLimit headers', async () => {
    process.env.API_QUOTA_KEY_PER_MINUTE = '3';
    const { resetEnvCache } = await import('@/lib/env');
    resetEnvCache();
    resetLimiters();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await api('/contacts?limit=1', { token: tokens.second })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await api('/contacts?limit=1', { token: tokens.second });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('ratelimit')).toMatch(/^"key";r=0;t=\d+/);
      await conforming(limited, '/contacts');
      // Another key of the same organization has its own count.
      expect((await api('/contacts?limit=1')).status).toBe(200);
    } finally {
      delete process.env.API_QUOTA_KEY_PER_MINUTE;
      resetEnvCache();
      resetLimiters();
    }
  });
});
