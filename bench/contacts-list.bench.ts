// Contacts screen figures (issue 5), in headless Chromium at a phone viewport with 10,000
// contacts in the local database: navigation to the rendered list, search-as-you-type
// latency (keydown to the next paint after the list updated) and the page's memory.
// Aims: list under 1 s, search under 50 ms p95. Needs a production build.
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/fixtures/chromium';
import { signInWithApi } from '../e2e/fixtures/auth';
import { startServer } from './lib/server';
import { percentile, printTable } from './lib/stats';

const TARGET_CONTACTS = 10_000;
const NAV_RUNS = 5;
/** Typed one key at a time, like a person (ms between keys). */
const QUERIES = ['maria', 'lovelace', '7123', 'harbour ltd', 'ch'];
const KEY_DELAY_MS = 120;
const PORT = 3193;

type BenchWindow = {
  __crmSync?: { userId: string; db: { contacts: { count(): { exec(): Promise<number> }; bulkInsert(d: unknown[]): Promise<{ error: unknown[] }> } } };
  __keyLatencies?: number[];
};

async function fillTo(page: Page, target: number): Promise<number> {
  return page.evaluate(async (want) => {
    const w = window as unknown as BenchWindow;
    const db = w.__crmSync!.db;
    const have = await db.contacts.count().exec();
    const first = ['Maria', 'Jon', 'Aisha', 'Chen', 'Lars', 'Ines', 'Omar', 'Zoë', 'Pablo', 'Ruth'];
    const last = ['Lovelace', 'Okafor', 'Schmidt', 'Nakamura', 'Silva', 'Dubois', 'Khan', 'Novak', 'Rossi', 'Berg'];
    const now = new Date().toISOString();
    const docs = Array.from({ length: Math.max(0, want - have) }, (_, i) => ({
      id: crypto.randomUUID(),
      firstName: first[i % first.length],
      lastName: `${last[(i * 7) % last.length]} ${i}`,
      email: `bench${i}@example.test`,
      phone: `+44 7${String(100 + (i % 900))} ${String(100000 + i).slice(-6)}`,
      title: 'Buyer',
      companyId: null,
      ownerId: w.__crmSync!.userId,
      createdAt: now,
      updatedAt: now,
    }));
    for (let i = 0; i < docs.length; i += 2000) await db.contacts.bulkInsert(docs.slice(i, i + 2000));
    return db.contacts.count().exec();
  }, target);
}

export async function runContactsBench(): Promise<void> {
  const server = await startServer(PORT);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: server.url });
    if (!(await signInWithApi(context.request, 'rep@acme.test')).ok()) throw new Error('bench sign-in failed');
    const page = await context.newPage();
    await page.goto('/contacts');
    await page.getByRole('status').filter({ hasText: 'Synced' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Offline: the 10,000 extra contacts stay on this device (no push load on the server),
    // and every figure below is the offline app reading IndexedDB.
    await context.setOffline(true);
    const total = await fillTo(page, TARGET_CONTACTS);

    const navTimes: number[] = [];
    for (let i = 0; i < NAV_RUNS; i++) {
      await page.goto('/contacts');
      await page.waitForFunction(() => /^\d+ contacts$/.test(document.querySelector('[data-testid="list-count"]')?.textContent ?? '') && document.querySelector('ul[aria-label="Contacts"] a') !== null, null, {
        polling: 'raf',
        timeout: 30_000,
      });
      // Milliseconds since this navigation started.
      navTimes.push(await page.evaluate(() => performance.now()));
    }

    // Keydown → React filters and renders synchronously (a discrete event) → the next paint.
    await page.evaluate(() => {
      const w = window as unknown as BenchWindow;
      w.__keyLatencies = [];
      let started = 0;
      window.addEventListener('keydown', () => (started = performance.now()), true);
      window.addEventListener('input', () => {
        const t0 = started;
        requestAnimationFrame(() => setTimeout(() => w.__keyLatencies!.push(performance.now() - t0), 0));
      });
    });
    const search = page.getByRole('searchbox', { name: 'Search contacts' });
    for (const q of QUERIES) {
      await search.fill('');
      await search.focus();
      await page.keyboard.type(q, { delay: KEY_DELAY_MS });
      await page.waitForTimeout(200);
    }
    const latencies = await page.evaluate(() => (window as unknown as BenchWindow).__keyLatencies ?? []);

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;

    printTable(`Contacts list with ${total} contacts on the device (offline, 360x740)`, [
      {
        nav_to_list_p50_ms: Math.round(percentile(navTimes, 50)),
        nav_to_list_max_ms: Math.round(Math.max(...navTimes)),
        keystrokes: latencies.length,
        search_p50_ms: Math.round(percentile(latencies, 50)),
        search_p95_ms: Math.round(percentile(latencies, 95)),
        js_heap_mb: Math.round(metric('JSHeapUsedSize') / 1024 / 1024),
        dom_nodes: metric('Nodes'),
      },
    ]);
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runContactsBench();
