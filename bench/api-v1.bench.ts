// Issue 19 figures: API v1 list pages of 1,000 records and bulk upserts of 1,000 records
// (records per second), and what the API key check adds to a request (p50/p95, in process,
// through the real handlers: key lookup, quotas, scope). Database: in-memory PGlite, or
// DATABASE_URL (the run prints which). Beside each figure, the same work through the phone's
// path (a sync pull page and a sync push of 1,000 documents) as the peer within the product.
import { v7 as uuidv7 } from 'uuid';
import { createApiKey } from '../lib/api-keys/api-keys';
import { seedAuthFixture } from '../lib/auth/testing-fixtures';
import { setDb } from '../lib/db/open-database';
import { createTestDatabase } from '../lib/db/testing';
import { resetEnvCache } from '../lib/env';
import { resetLimiters } from '../lib/ratelimit/limiter';
import { routeFetch } from '../app/api/v1/testing';
import { pullChanges } from '../sync/server/pull';
import { pushRows } from '../sync/server/push';
import { MAX_PUSH_ROWS } from '../sync/schema/protocol';
import { percentile, printTable } from './lib/stats';

const PAGE = 1000;
const RECORDS = 10_000;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
}

export async function runApiV1Bench(): Promise<void> {
  for (const k of ['API_QUOTA_IP_PER_MINUTE', 'API_QUOTA_USER_PER_MINUTE', 'API_QUOTA_KEY_PER_MINUTE', 'API_QUOTA_TENANT_PER_MINUTE']) process.env[k] = '100000000';
  resetEnvCache();
  resetLimiters();
  const engine = process.env.DATABASE_URL ? 'Postgres' : 'PGlite';
  const t = await createTestDatabase();
  setDb(t.db);
  const f = await seedAuthFixture(t.db);
  const admin = { userId: f.users.admin.id, tenantId: f.tenants.acme, role: 'admin' as const };
  const { token } = await createApiKey(admin, { name: 'bench', scopes: ['contacts:write'], expiresAt: null }, t.db);
  const call = (path: string, init: RequestInit = {}) =>
    routeFetch(new Request(`http://localhost/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': '10.1.1.1', ...init.headers } }));
  const contact = (i: number) => ({ firstName: `Bench ${i}`, lastName: `Person ${uuidv7().slice(-8)}`, email: `b${i}@example.com`, title: 'Buyer' });

  const rows: Record<string, string | number>[] = [];
  // Bulk upsert: 10 batches of 1,000 creates, then 1,000 updates of existing records.
  const bulkMs: number[] = [];
  for (let b = 0; b < RECORDS / PAGE; b++) {
    const [ms, res] = await timed(() => call('/contacts/bulk', { method: 'POST', body: JSON.stringify({ items: Array.from({ length: PAGE }, (_, i) => contact(b * PAGE + i)) }) }));
    if (res.status !== 200) throw new Error(`bulk answered ${res.status}`);
    await res.json();
    bulkMs.push(ms);
  }
  rows.push({ measure: `bulk upsert, 1,000 creates per request (${engine})`, p50_ms: percentile(bulkMs, 50).toFixed(0), records_per_s: Math.round((PAGE * 1000) / percentile(bulkMs, 50)) });
  const first = (await (await call(`/contacts?limit=${PAGE}&sort=id`)).json()) as { data: { id: string }[] };
  const [updMs, upd] = await timed(() => call('/contacts/bulk', { method: 'POST', body: JSON.stringify({ items: first.data.map((c) => ({ id: c.id, title: 'Lead buyer' })) }) }));
  if (upd.status !== 200) throw new Error(`bulk update answered ${upd.status}`);
  rows.push({ measure: `bulk upsert, 1,000 updates per request (${engine})`, p50_ms: updMs.toFixed(0), records_per_s: Math.round((PAGE * 1000) / updMs) });

  // The phone's path for the same creates: sync pushes of MAX_PUSH_ROWS (500) documents.
  const pushMs: number[] = [];
  for (let b = 0; b < 4; b++) {
    const at = new Date().toISOString();
    const docs = Array.from({ length: MAX_PUSH_ROWS }, (_, i) => ({ newDocumentState: { id: uuidv7(), ...contact(i), phone: null, companyId: null, ownerId: admin.userId, createdAt: at, updatedAt: at, _deleted: false } }));
    const [ms] = await timed(() => pushRows(admin, 'contacts', docs, t.db));
    pushMs.push(ms);
  }
  rows.push({ measure: `peer: sync push of ${MAX_PUSH_ROWS} documents (${engine})`, p50_ms: percentile(pushMs, 50).toFixed(0), records_per_s: Math.round((MAX_PUSH_ROWS * 1000) / percentile(pushMs, 50)) });

  // List: every page of 1,000 over all records, following the cursor.
  const listMs: number[] = [];
  let cursor: string | null = null;
  let listed = 0;
  do {
    const [ms, page] = await timed(async () => (await call(`/contacts?limit=${PAGE}&sort=updatedAt${cursor ? `&cursor=${cursor}` : ''}`)).json() as Promise<{ data: unknown[]; nextCursor: string | null }>);
    listMs.push(ms);
    listed += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  rows.push({ measure: `list, pages of 1,000 (${listed} records, ${engine})`, p50_ms: percentile(listMs, 50).toFixed(0), records_per_s: Math.round((PAGE * 1000) / percentile(listMs, 50)) });
  const pullMs: number[] = [];
  let checkpoint: unknown = null;
  for (let p = 0; p < 5; p++) {
    const [ms, page] = await timed(() => pullChanges(admin, 'contacts', { checkpoint, limit: PAGE }, t.db));
    pullMs.push(ms);
    checkpoint = page.checkpoint;
  }
  rows.push({ measure: `peer: sync pull pages of 1,000 (${engine})`, p50_ms: percentile(pullMs, 50).toFixed(0), records_per_s: Math.round((PAGE * 1000) / percentile(pullMs, 50)) });
  printTable(`API v1 throughput (${engine})`, rows);

  // What the key check adds: a one-record GET with the key, against the same read without the
  // wrapper (the handler's own query), per request.
  const { getRecord } = await import('../lib/api-v1/records-api');
  const id = first.data[0]!.id;
  const withKey: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < 1200; i++) {
    const [a] = await timed(async () => (await call(`/contacts/${id}`)).json());
    const [b] = await timed(() => getRecord({ ...admin, apiKeyId: 'x' }, 'contacts', id, t.db));
    if (i >= 200) {
      withKey.push(a);
      without.push(b);
    }
  }
  printTable(`API key check per request (${engine})`, [
    { measure: `GET one record through API v1 (key check, quotas, handler; ${engine})`, p50_ms: percentile(withKey, 50).toFixed(3), p95_ms: percentile(withKey, 95).toFixed(3) },
    { measure: `the same read without the API layer (${engine})`, p50_ms: percentile(without, 50).toFixed(3), p95_ms: percentile(without, 95).toFixed(3) },
    { measure: 'added by the API layer (p50)', p50_ms: (percentile(withKey, 50) - percentile(without, 50)).toFixed(3), p95_ms: (percentile(withKey, 95) - percentile(without, 95)).toFixed(3) },
  ]);
  setDb(undefined);
  await t.dispose();
}

if (import.meta.url === `file://${process.argv[1]}`) await runApiV1Bench();
