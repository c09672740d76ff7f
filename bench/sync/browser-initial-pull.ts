// `npm run bench:sync:browser`: initial sync of 10,000 contacts + 10,000 deals + 50,000
// activities into IndexedDB in headless Chromium, through the production build (`next start`)
// on embedded PGlite. Needs a fresh `next build --webpack`. Prints a table.
// Sign-in: uses the TEMPORARY test session of lib/auth/with-session.ts until the auth branch
// lands; then sign in through the login screen instead.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import { migrate } from '@/lib/db/migrate';
import { openPGlite } from '@/lib/db/pglite';
import { withSystem } from '@/lib/db/with-tenant';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { pushChanges } from '@/sync/server/push';
import { chromiumLaunchOptions } from '../../e2e/fixtures/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3102);
const DIR = `.data/bench-pglite-${PORT}`;
const TENANT = '00000000-0000-7000-8000-0000000000aa';
const ctx = { tenantId: TENANT, userId: '00000000-0000-7000-8000-000000000001', role: 'owner' as const };
const SIZES = { contacts: 10_000, deals: 10_000, activities: 50_000 };
const at = new Date().toISOString();

function makeDoc(collection: string, i: number): AnyWireDoc {
  const base = { id: uuidv7(), createdAt: at, updatedAt: at, _deleted: false, ownerId: null };
  if (collection === 'contacts') return { ...base, firstName: `First${i}`, lastName: `Last${i}`, email: `p${i}@example.test`, phone: '+44 7700 900000', title: 'Buyer', companyId: null };
  if (collection === 'deals') return { ...base, name: `Deal ${i}`, pipelineId: TENANT, stageId: 'lead', amountCents: i * 100, currency: 'EUR', closeDate: '2026-12-31', status: 'open', companyId: null, contactId: null };
  return { ...base, kind: 'call', subject: `Call ${i}`, body: 'Discussed the renewal and next steps.', dueAt: null, done: false, occurredAt: at, contactId: null, companyId: null, dealId: null, latitude: 48.85, longitude: 2.35 };
}

rmSync(DIR, { recursive: true, force: true });
const db = await openPGlite(path.resolve(DIR));
await migrate(db);
await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Bench', 'bench')`, [TENANT]), db);
for (const [collection, n] of Object.entries(SIZES)) {
  for (let i = 0; i < n; i += 500) {
    await pushChanges(ctx, collection, Array.from({ length: Math.min(500, n - i) }, (_, k) => ({ newDocumentState: makeDoc(collection, i + k) })), db);
  }
}
await db.close();

const server = spawn('npx', ['next', 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
  env: { ...process.env, NODE_ENV: 'production', PGLITE_DATA_DIR: DIR, DATABASE_URL: '', TEMP_SYNC_TEST_SESSION: JSON.stringify(ctx) },
  stdio: 'ignore',
  // Its own process group, so stopping it also stops the `next` child npx starts.
  detached: true,
});
const base = `http://127.0.0.1:${PORT}`;
try {
  for (let i = 0; ; i += 1) {
    const ok = await fetch(`${base}/api/health/ready`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (i > 120) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await (await browser.newContext()).newPage();
  const started = performance.now();
  await page.goto(`${base}/contacts`);
  type W = { __crmSync?: { db: Record<string, { count(): { exec(): Promise<number> } }> } };
  await page.waitForFunction(() => Boolean((window as unknown as W).__crmSync), undefined, { timeout: 120_000 });
  const counts = async () =>
    page.evaluate(async () => {
      const d = (window as unknown as W).__crmSync!.db;
      return { contacts: await d.contacts!.count().exec(), deals: await d.deals!.count().exec(), activities: await d.activities!.count().exec() };
    });
  const firstAt: Record<string, number> = {};
  for (;;) {
    const c = await counts();
    for (const [k, v] of Object.entries(c)) if (v >= SIZES[k as keyof typeof SIZES] && !firstAt[k]) firstAt[k] = performance.now() - started;
    if (Object.keys(firstAt).length === 3) break;
    if (performance.now() - started > 600_000) throw new Error(`timed out at ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const total = Math.max(...Object.values(firstAt));
  console.log('\n## initial sync into IndexedDB (headless Chromium, RxDB Dexie, PGlite server)\n');
  console.log('| measure | time | rate |\n| --- | --- | --- |');
  for (const [k, v] of Object.entries(firstAt)) console.log(`| ${SIZES[k as keyof typeof SIZES].toLocaleString('en')} ${k} complete (collections pull in parallel) | ${(v / 1000).toFixed(1)} s | |`);
  console.log(`| all 70,000 documents, from page load | ${(total / 1000).toFixed(1)} s | ${Math.round(70_000 / (total / 1000))} docs/s |`);
  await browser.close();
} finally {
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
}
