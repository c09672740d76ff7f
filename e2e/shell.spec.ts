import { expect, test } from '@playwright/test';
import { NAV_ITEMS } from '../components/shell/nav-items';

test.describe('app shell', () => {
  test('loads with landmarks, a skip link and one h1 on every CRM screen', async ({ page }) => {
    for (const item of NAV_ITEMS) {
      await page.goto(item.href);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(item.label);
      await expect(page.getByRole('banner')).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      await expect(page.getByRole('main')).toBeVisible();
      await expect(page.getByRole('link', { name: item.label })).toHaveAttribute('aria-current', 'page');
      await expect(page).toHaveTitle(`${item.label} · CRM-AI`);
    }
  });

  test('the skip link is the first tab stop and moves focus to main', async ({ page }) => {
    await page.goto('/today');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
  });

  test('the theme toggle switches to dark and the choice survives a reload', async ({ page }) => {
    await page.goto('/today');
    await page.getByRole('button', { name: /Theme:/ }).click();
    await page.getByRole('button', { name: 'Theme: light' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).toBe('rgb(12, 15, 22)');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });

  test('with no connection the account menu stays, as last seen, and says it is offline', async ({ page }) => {
    await page.goto('/today');
    const account = page.getByRole('navigation', { name: 'Account' });
    await expect(account).toContainText('(rep, ');
    await expect(account).not.toContainText('offline');
    // The server cannot be reached (as with no signal): the page reloads from its offline shell.
    await page.route('**/api/auth/me', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await expect(account).toContainText(', offline)');
    await expect(account.getByRole('link', { name: 'Security' })).toBeVisible();
    // Signing out ends the server's session: it waits for a connection, and says so.
    await expect(account.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await expect(account).toContainText('Sign out when you are back online.');
    // Back online: read afresh.
    await page.unroute('**/api/auth/me');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(account).not.toContainText('offline');
    await expect(account.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('every control is at least 44 by 44 CSS pixels at phone width', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/today');
    // Measured while focused: a visually hidden skip link only takes its size when it shows.
    const small = await page.$$eval('a[href], button, input, select, textarea', (els) =>
      els
        .map((el) => {
          (el as HTMLElement).focus();
          return { name: el.textContent?.trim(), box: el.getBoundingClientRect() };
        })
        .filter((e) => e.box.width < 44 || e.box.height < 44)
        .map((e) => `${e.name}: ${Math.round(e.box.width)}x${Math.round(e.box.height)}`),
    );
    expect(small).toEqual([]);
  });

  test('the readiness probe reports the database', async ({ request }) => {
    const res = await request.get('/api/health/ready');
    expect(res.status()).toBe(200);
    expect((await res.json()).checks.database.ok).toBe(true);
  });
});

test('a screen that fails to render shows the error screen inside the shell, focused, and the navigation still works', async ({ page }) => {
  await page.goto('/deals');
  await page.locator('html[data-hydrated]').waitFor();
  const id = await page.locator('[data-deal-card]').first().getAttribute('data-deal-card');
  // A local deal whose close date no screen can format: the board throws while rendering.
  // Offline, so it never leaves this browser context.
  await page.context().setOffline(true);
  await page.evaluate(async (id) => {
    type Db = Record<string, { findOne(id: string): { exec(): Promise<{ toJSON(): Record<string, unknown> } | null> }; bulkUpsert(d: unknown[]): Promise<{ error: unknown[] }> }>;
    const db = (window as unknown as { __crmSync: { db: Db } }).__crmSync.db;
    const deal = (await db.deals!.findOne(id).exec())!.toJSON();
    const result = await db.deals!.bulkUpsert([{ ...deal, closeDate: 'not a date', updatedAt: new Date().toISOString() }]);
    if (result.error.length) throw new Error(`not stored: ${JSON.stringify(result.error[0]).slice(0, 300)}`);
  }, id!);
  const heading = page.getByRole('heading', { level: 1, name: 'This screen could not be shown' });
  await expect(heading).toBeFocused();
  await expect(page.getByRole('main')).toContainText('Invalid time value');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
});
