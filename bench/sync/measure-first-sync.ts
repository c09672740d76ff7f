// A first sync in headless Chromium, timed from page load until every collection holds what
// it should (used by browser-initial-pull.ts and browser-scoped.ts).
import type { Browser } from '@playwright/test';
import { signInWithApi } from '../../e2e/fixtures/auth';

export interface FirstSyncRun {
  /** ms from page load until each collection was complete. */
  firstAt: Record<string, number>;
  total: number;
  /** Longest main-thread task while it ran (PerformanceObserver "longtask"). */
  longestTaskMs: number;
  pulls: { name: string; ms: number }[];
}

type W = { __crmSync?: { db: Record<string, { count(): { exec(): Promise<number> } }> }; __longest?: number };

/**
 * Signs `login` in at `base`, opens the app with an empty IndexedDB and waits until each
 * collection of `expected` holds at least that many documents.
 */
export async function measureFirstSync(browser: Browser, base: string, login: string, expected: Record<string, number>): Promise<FirstSyncRun> {
  const context = await browser.newContext({ baseURL: base });
  if (!(await signInWithApi(context.request, login)).ok()) throw new Error('bench sign-in failed');
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as W;
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest ?? 0, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const started = performance.now();
  await page.goto(process.env.BENCH_PAGE ?? '/today');
  await page.waitForFunction(() => Boolean((window as unknown as W).__crmSync), undefined, { timeout: 120_000 });
  const counts = () =>
    page.evaluate(async (names) => {
      const d = (window as unknown as W).__crmSync!.db;
      return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await d[n]!.count().exec()] as const)));
    }, Object.keys(expected));
  const firstAt: Record<string, number> = {};
  for (;;) {
    const c = await counts();
    for (const [k, n] of Object.entries(expected)) if ((c[k] ?? 0) >= n && !firstAt[k]) firstAt[k] = performance.now() - started;
    if (Object.keys(firstAt).length === Object.keys(expected).length) break;
    if (performance.now() - started > 600_000) throw new Error(`timed out at ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pulls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/sync/') && e.name.endsWith('/pull'))
      .map((e) => ({ name: e.name.split('/').slice(-2, -1)[0]!, ms: e.duration })),
  );
  const longestTaskMs = await page.evaluate(() => (window as unknown as W).__longest ?? 0);
  await context.close();
  return { firstAt, total: Math.max(...Object.values(firstAt)), longestTaskMs, pulls };
}
