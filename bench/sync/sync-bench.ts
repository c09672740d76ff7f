// `npm run bench:sync`: server-side sync figures on PGlite (and on Postgres when DATABASE_URL
// is set). Prints a table; never fails on speed.
//   1. load 10,000 contacts + 10,000 deals + 50,000 activities through the push path
//   2. initial pull of all 70,000 documents in pages of 1,000 (what a new device downloads)
//   3. push throughput: 5,000 changed contacts in batches of 100 (RxDB's push batch)
//   4. pull latency with 200 concurrent clients, in process (no HTTP layer; see README)
import { v7 as uuidv7 } from 'uuid';
import { createTestDatabase } from '@/lib/db/testing';
import { withSystem } from '@/lib/db/with-tenant';
import type { Database } from '@/lib/db/types';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { Checkpoint } from '@/sync/schema/protocol';
import { pullChanges } from '@/sync/server/pull';
import { pushRows } from '@/sync/server/push';

const TENANT = '00000000-0000-7000-8000-0000000000aa';
const ctx = { tenantId: TENANT, userId: '00000000-0000-7000-8000-000000000001', role: 'owner' as const };
const at = new Date().toISOString();
const SIZES = { contacts: 10_000, deals: 10_000, activities: 50_000 };
const CONCURRENT = Number(process.env.BENCH_CLIENTS ?? 200);
const LATENCY_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function makeDoc(collection: keyof typeof SIZES, i: number): AnyWireDoc {
  const base = { id: uuidv7(), createdAt: at, updatedAt: at, _deleted: false, ownerId: null };
  if (collection === 'contacts') return { ...base, firstName: `First${i}`, lastName: `Last${i}`, email: `p${i}@example.test`, phone: '+44 7700 900000', title: 'Buyer', companyId: null };
  if (collection === 'deals') {
    return { ...base, name: `Deal ${i}`, pipelineId: TENANT, stageId: 'lead', amountCents: i * 100, currency: 'EUR', closeDate: '2026-12-31', status: 'open', companyId: null, contactId: null };
  }
  return {
    ...base, kind: 'call', subject: `Call ${i}`, body: 'Discussed the renewal and next steps.', dueAt: null, done: false, occurredAt: at,
    contactId: null, companyId: null, dealId: null, latitude: 48.85, longitude: 2.35,
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function run(db: Database) {
  await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Bench', 'bench')`, [TENANT]), db);
  const rows: [string, string, string][] = [];

  let t0 = performance.now();
  const docs: Record<string, AnyWireDoc[]> = {};
  for (const [collection, n] of Object.entries(SIZES) as [keyof typeof SIZES, number][]) {
    docs[collection] = Array.from({ length: n }, (_, i) => makeDoc(collection, i));
    for (let i = 0; i < n; i += 500) {
      await pushRows(ctx, collection, docs[collection]!.slice(i, i + 500).map((d) => ({ newDocumentState: d })), db);
    }
  }
  let ms = performance.now() - t0;
  rows.push(['load 70,000 docs via push (batches of 500)', `${(ms / 1000).toFixed(1)} s`, `${Math.round(70_000 / (ms / 1000))} docs/s`]);
  // Steady state: planner statistics current, as the hourly job keeps them on PGlite and
  // autovacuum on Postgres (it would take up to a minute to notice this bulk load). Without
  // them both engines scan and sort whole tables per pull: 10–30x slower.
  t0 = performance.now();
  await db.exec('ANALYZE');
  rows.push(['planner statistics (PGlite: hourly job; Postgres: autovacuum)', `${((performance.now() - t0) / 1000).toFixed(2)} s`, '']);

  t0 = performance.now();
  let pulled = 0;
  for (const collection of Object.keys(SIZES)) {
    let checkpoint: Checkpoint | null = null;
    for (;;) {
      const page = await pullChanges(ctx, collection, { checkpoint, limit: 1000 }, db);
      if (page.documents.length === 0) break;
      pulled += page.documents.length;
      checkpoint = page.checkpoint;
    }
  }
  ms = performance.now() - t0;
  rows.push([`initial pull of ${pulled.toLocaleString('en')} docs (pages of 1,000, server side)`, `${(ms / 1000).toFixed(2)} s`, `${Math.round(pulled / (ms / 1000))} docs/s`]);

  t0 = performance.now();
  const contacts = docs.contacts!.slice(0, 5000);
  for (let i = 0; i < contacts.length; i += 100) {
    const batch = contacts.slice(i, i + 100).map((d) => ({ assumedMasterState: d, newDocumentState: { ...d, title: 'Changed', updatedAt: new Date().toISOString() } }));
    const results = await pushRows(ctx, 'contacts', batch, db);
    if (results.some((r) => r.status !== 'accepted')) throw new Error('unexpected conflicts or refusals');
  }
  ms = performance.now() - t0;
  rows.push(['push 5,000 changed contacts (batches of 100)', `${(ms / 1000).toFixed(2)} s`, `${Math.round(5000 / (ms / 1000))} docs/s`]);

  // Latency: CONCURRENT clients each pulling 100 docs from random points of the feed.
  const first = await pullChanges(ctx, 'activities', { limit: 2000 }, db);
  const checkpoints = [null, first.checkpoint];
  const latencies: number[] = [];
  let errors = 0;
  const stop = performance.now() + LATENCY_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async (_, c) => {
      while (performance.now() < stop) {
        const s = performance.now();
        try {
          await pullChanges(ctx, 'activities', { checkpoint: checkpoints[c % 2], limit: 100 }, db);
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - s);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  rows.push([
    `pull latency, ${CONCURRENT} concurrent clients, ${LATENCY_SECONDS} s (in process)`,
    `p50 ${pct(latencies, 50).toFixed(0)} / p95 ${pct(latencies, 95).toFixed(0)} / p99 ${pct(latencies, 99).toFixed(0)} ms`,
    `${Math.round(latencies.length / LATENCY_SECONDS)} req/s, ${errors} errors`,
  ]);
  return rows;
}

async function main() {
  const engines = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const url = process.env.DATABASE_URL;
  for (const engine of engines) {
    if (engine === 'pglite') delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = url;
    const t = await createTestDatabase();
    try {
      const rows = await run(t.db);
      console.log(`\n## sync benchmark on ${engine}\n`);
      console.log('| measure | time | rate |\n| --- | --- | --- |');
      for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    } finally {
      await t.dispose();
    }
  }
}

await main();
