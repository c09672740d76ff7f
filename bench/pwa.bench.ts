// PWA figures (issue 6): offline cold start to an interactive Today screen, and first-load
// JavaScript (gzip) of each offline route. Needs a production build (`npm run build`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { signInWithApi } from '../e2e/fixtures/auth';
import { chromiumLaunchOptions } from '../e2e/fixtures/chromium';
import { offlineRoutes } from '../lib/pwa-routes.mjs';
import { startServer } from './lib/server';
import { percentile, printTable } from './lib/stats';

const RUNS = 7;

function firstLoadJs(route: string): { files: number; gzipKb: number } {
  const htmlFile = path.join('.next/server/app', `${route === '/' ? 'index' : route.slice(1)}.html`);
  const html = readFileSync(htmlFile, 'utf8');
  const scripts = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.js)"/g)].map((m) => m[1] as string))];
  const bytes = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(path.join('.next', decodeURI(src).replace('/_next/', '')))).length, 0);
  return { files: scripts.length, gzipKb: Math.round(bytes / 102.4) / 10 };
}

export async function runPwaBench(): Promise<void> {
  printTable(
    'First-load JavaScript per offline route (gzip; aim <= 200 KB per CRM route)',
    offlineRoutes().map((route) => ({ route, ...firstLoadJs(route) })),
  );

  const server = await startServer(3190);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    // Signed in as a rep (no second factor), as a phone would be: a signed-out visit is sent to
    // the sign-in page, which destroyed the page mid-measure ("Execution context was destroyed").
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: server.url });
    const signedIn = await signInWithApi(context.request, 'rep@acme.test');
    if (!signedIn.ok()) throw new Error(`sign-in failed: ${signedIn.status()}`);
    const warm = await context.newPage();
    await warm.goto('/today');
    await warm.evaluate(() => navigator.serviceWorker.ready);
    await warm.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The first sync has stored the rep's records on the device.
    await warm.locator('[data-sync-phase="synced"], [data-sync-phase="follower"]').waitFor({ timeout: 180_000 });
    await warm.close();
    await context.setOffline(true);
    const hydrated: number[] = [];
    const shown: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      const started = performance.now();
      await page.goto('/today');
      // Interactive = React has hydrated the page (controls respond from here on).
      await page.locator('html[data-hydrated]').waitFor();
      hydrated.push(performance.now() - started);
      // Today's own content read from IndexedDB: its lists have settled (no "Loading…").
      await page.locator('main section').first().waitFor();
      await page.locator('main [data-loading]').first().waitFor({ state: 'detached' });
      shown.push(performance.now() - started);
      await page.close();
    }
    const row = (what: string, times: number[]) => ({ what, runs: RUNS, p50_ms: Math.round(percentile(times, 50)), p95_ms: Math.round(percentile(times, 95)), max_ms: Math.round(Math.max(...times)) });
    printTable('Offline cold start of Today (new tab, 360x740, service worker and IndexedDB only; aim <= 1000 ms)', [row('interactive (hydrated)', hydrated), row('local data shown', shown)]);
  } finally {
    await browser.close();
    await server.stop();
  }
}
