// `npm run bench:sync:browser`: initial sync of 10,000 contacts + 10,000 deals + 50,000
// activities into IndexedDB in headless Chromium, through the production build (`scripts/server.mjs`)
// on embedded PGlite, signed in as the seeded rep of Acme. Needs `next build --webpack`.
// Prints a table: when each collection was complete, counted from the first page load.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { migrate } from '@/lib/db/migrate';
import { openPGlite } from '@/lib/db/pglite';
import { generateDemoData } from '@/lib/seed/demo-data';
import { seedDatabase } from '@/lib/seed/seed-database';
import { chromiumLaunchOptions } from '../../e2e/fixtures/chromium';
import { signInWithApi } from '../../e2e/fixtures/auth';

const PORT = Number(process.env.E2E_PORT ?? 3102);
const DIR = `.data/bench-pglite-${PORT}`;
/** Per tenant: Acme (measured) and Globex (there so tenancy filters real rows). */
const SIZE = { companies: 1_000, contacts: 10_000, deals: 10_000, activities: 50_000 };
const MEASURED = ['contacts', 'deals', 'activities'] as const;

rmSync(DIR, { recursive: true, force: true });
const seeding = performance.now();
const db = await openPGlite(path.resolve(DIR));
await migrate(db);
const data = generateDemoData({ anchor: new Date(), size: SIZE });
await seedDatabase(db, data);
await db.exec('ANALYZE'); // as `npm run db:seed` does
await db.close();
console.log(`seeded 2 tenants x ${Object.values(SIZE).reduce((a, b) => a + b, 0).toLocaleString('en')} records in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

const server = spawn('node', ['scripts/server.mjs', '-p', String(PORT), '-H', '127.0.0.1'], {
  // No mail is sent here; a production server needs that said (lib/mail/mail-config.ts).
  env: { ...process.env, NODE_ENV: 'production', PGLITE_DATA_DIR: DIR, DATABASE_URL: '', MAIL_DISABLED: '1', RATE_LIMIT_NAMESPACE: `bench-${Date.now()}`, API_QUOTA_IP_PER_MINUTE: '100000' },
  // Errors still show: a server that refuses to start says why.
  stdio: ['ignore', 'ignore', 'inherit'],
  // Its own process group, so stopping it also stops any child the server starts.
  detached: true,
});
const base = `http://127.0.0.1:${PORT}`;
try {
  for (let i = 0; ; i += 1) {
    const ok = await fetch(`${base}/api/health/ready`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (i > 240) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch(chromiumLaunchOptions());
  const context = await browser.newContext({ baseURL: base });
  if (!(await signInWithApi(context.request, 'rep@acme.test')).ok()) throw new Error('bench sign-in failed');
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(process.env.BENCH_PAGE ?? '/today');
  type W = { __crmSync?: { db: Record<string, { count(): { exec(): Promise<number> } }> } };
  await page.waitForFunction(() => Boolean((window as unknown as W).__crmSync), undefined, { timeout: 120_000 });
  const counts = () =>
    page.evaluate(async (names) => {
      const d = (window as unknown as W).__crmSync!.db;
      return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await d[n]!.count().exec()] as const)));
    }, MEASURED as unknown as string[]);
  const firstAt: Record<string, number> = {};
  for (;;) {
    const c = await counts();
    for (const k of MEASURED) if ((c[k] ?? 0) >= SIZE[k] && !firstAt[k]) firstAt[k] = performance.now() - started;
    if (Object.keys(firstAt).length === MEASURED.length) break;
    if (performance.now() - started > 600_000) throw new Error(`timed out at ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const total = Math.max(...Object.values(firstAt));
  const docs = MEASURED.reduce((n, k) => n + SIZE[k], 0);
  console.log('\n## initial sync into IndexedDB (headless Chromium, RxDB Dexie, PGlite server)\n');
  console.log('| measure | time | rate |\n| --- | --- | --- |');
  for (const k of MEASURED) console.log(`| ${SIZE[k].toLocaleString('en')} ${k} complete (collections pull in parallel) | ${(firstAt[k]! / 1000).toFixed(1)} s | |`);
  console.log(`| all ${docs.toLocaleString('en')} documents, from page load | ${(total / 1000).toFixed(1)} s | ${Math.round(docs / (total / 1000))} docs/s |`);
  // Where the time goes: server answer time of the pull requests versus the rest (RxDB
  // writing each page into IndexedDB before it asks for the next).
  const pulls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/sync/') && e.name.endsWith('/pull'))
      .map((e) => ({ name: e.name.split('/').slice(-2, -1)[0]!, ms: e.duration })),
  );
  for (const k of MEASURED) {
    const mine = pulls.filter((p) => p.name === k);
    const waiting = mine.reduce((n, p) => n + p.ms, 0);
    console.log(`| ${k}: ${mine.length} pull requests, answer p50 | ${Math.round(mine.map((p) => p.ms).sort((a, b) => a - b)[Math.floor(mine.length / 2)] ?? 0)} ms | ${((waiting / firstAt[k]!) * 100).toFixed(0)} % of its time waiting for the server |`);
  }
  await browser.close();
} finally {
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
}
