// PWA figures (issue 6): offline cold start to an interactive Today screen, and first-load
// JavaScript (gzip) of each offline route. Needs a production build (`npm run build`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
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
    'First-load JavaScript per offline route (gzip; aim < 300 KB)',
    offlineRoutes().map((route) => ({ route, ...firstLoadJs(route) })),
  );

  const server = await startServer(3190);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const warm = await context.newPage();
    await warm.goto(`${server.url}/today`);
    await warm.evaluate(() => navigator.serviceWorker.ready);
    await warm.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await warm.close();
    await context.setOffline(true);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${server.url}/today`);
      // Interactive = React has hydrated: the theme button responds to a click.
      const toggle = page.getByRole('button', { name: /Theme:/ });
      const before = await toggle.textContent();
      await toggle.click();
      await page.waitForFunction((b) => document.querySelector('header button')?.textContent !== b, before);
      times.push(performance.now() - started);
      await page.evaluate(() => localStorage.clear());
      await page.close();
    }
    printTable('Offline cold start to interactive Today (new tab, service worker only; aim < 1500 ms)', [
      { runs: RUNS, p50_ms: Math.round(percentile(times, 50)), p95_ms: Math.round(percentile(times, 95)), max_ms: Math.round(Math.max(...times)) },
    ]);
  } finally {
    await browser.close();
    await server.stop();
  }
}
