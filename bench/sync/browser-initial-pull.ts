// `npm run bench:sync:browser`: initial sync of 10,000 contacts + 10,000 deals + 50,000
// activities into IndexedDB in headless Chromium, through the production build (`scripts/server.mjs`)
// on embedded PGlite (Postgres with BENCH_DATABASE_URL), signed in as the seeded rep of Acme. Needs `next build --webpack`.
// Prints a table: when each collection was complete, counted from the first page load.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/fixtures/chromium';
import { signInWithApi } from '../../e2e/fixtures/auth';
import { startSeededServer } from './bench-server';

const PORT = Number(process.env.E2E_PORT ?? 3102);
/** Per tenant: Acme (measured) and Globex (there so tenancy filters real rows). */
const SIZE = { companies: 1_000, contacts: 10_000, deals: 10_000, activities: 50_000 };
const MEASURED = ['contacts', 'deals', 'activities'] as const;

const server = await startSeededServer(PORT, SIZE);
const base = server.base;
try {
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
  await server.stop();
}
