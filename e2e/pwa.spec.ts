import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { offlineRoutes, onlineOnlyRoutes } from '../lib/pwa-routes.mjs';
import { REP_STATE } from './fixtures/auth';

// The service-worker tests share one server and the update test rewrites public/sw.js.
test.describe.configure({ mode: 'serial' });

async function visitAndWaitForControl(context: BrowserContext, path = '/today'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(path);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // clients.claim() on activation: the first page is controlled without a reload.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
  return page;
}

test('the web app manifest meets the install criteria', async ({ request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.ok()).toBe(true);
  const manifest = await res.json();
  expect(manifest).toMatchObject({ name: 'CRM-AI', short_name: 'CRM-AI', display: 'standalone', start_url: '/today', scope: '/' });
  expect(manifest.shortcuts.map((s: { name: string }) => s.name)).toEqual(['Today', 'New contact']);
  for (const purpose of ['any', 'maskable']) {
    for (const size of [192, 512]) {
      const icon = manifest.icons.find((i: { sizes: string; purpose: string }) => i.sizes === `${size}x${size}` && i.purpose === purpose);
      expect(icon, `${purpose} ${size}px icon`).toBeTruthy();
      const png = await request.get(icon.src);
      expect(png.headers()['content-type']).toBe('image/png');
      const body = await png.body();
      // PNG IHDR: width and height at bytes 16 and 20.
      expect([body.readUInt32BE(16), body.readUInt32BE(20)]).toEqual([size, size]);
    }
  }
});

test('after one online visit every offline route opens from a cold start with no network', async ({ browser }) => {
  // A budget per page opened (each takes 2-4 s with two browsers on two cores), not a speed
  // check: the route list grows with the app (it ran out at the 14th of ~30 pages in 60 s).
  test.setTimeout(30_000 + 6_000 * (offlineRoutes().length + onlineOnlyRoutes().length + 2));
  const context = await browser.newContext({ storageState: REP_STATE });
  await (await visitAndWaitForControl(context)).close();
  await context.setOffline(true);
  const routes = offlineRoutes();
  expect(routes).toContain('/today');
  for (const route of routes) {
    const page = await context.newPage();
    const response = await page.goto(route);
    expect(response?.fromServiceWorker(), `${route} served by the service worker`).toBe(true);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.close();
  }
  // "/" redirects to Today online; offline it opens the Today shell.
  const home = await context.newPage();
  await home.goto('/');
  await expect(home.getByRole('heading', { level: 1 })).toHaveText('Today');
  // Online-only pages (sign-in, admin, account…) say so instead of showing the browser's error.
  for (const route of [...onlineOnlyRoutes(), '/admin/health']) {
    const page = await context.newPage();
    await page.goto(route);
    await expect(page.getByRole('heading', { level: 1 }), route).toHaveText('This page needs a connection');
    await page.close();
  }
  await context.close();
});

test('API requests are never answered from the cache', async ({ browser }) => {
  const context = await browser.newContext({ storageState: REP_STATE });
  const page = await visitAndWaitForControl(context);
  const online = await page.evaluate(async () => (await fetch('/api/health/live')).status);
  expect(online).toBe(200);
  await context.setOffline(true);
  const offline = await page.evaluate(async () => {
    try {
      return (await fetch('/api/health/live')).status;
    } catch {
      return 'network error';
    }
  });
  expect(offline).toBe('network error');
  await context.close();
});

test('a new deployment is announced and the page reloads only when the user chooses', async ({ browser }) => {
  const context = await browser.newContext({ storageState: REP_STATE });
  const page = await visitAndWaitForControl(context);
  const swPath = 'public/sw.js';
  const original = readFileSync(swPath, 'utf8');
  try {
    // A new deployment, as the browser sees it: different service worker bytes.
    appendFileSync(swPath, `\n// deployment ${Date.now()}\n`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const status = page.getByRole('status').filter({ hasText: 'A new version of CRM-AI is ready' });
    await expect(status).toBeVisible({ timeout: 20_000 });
    // Nothing reloads by itself: a marker on the page survives while the prompt waits.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload now' }).click()]);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Today');
  } finally {
    writeFileSync(swPath, original);
    await context.close();
  }
});
