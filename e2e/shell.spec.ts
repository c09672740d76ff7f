import { expect, test } from '@playwright/test';
import { NAV_ITEMS } from '../components/shell/nav-items';
import { accountButton, openAccountMenu } from './fixtures/account';
import { checkTargetSize } from './a11y/checks/page-checks';
import { seeded } from './fixtures/local-db';

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

  test('the theme toggle, in the account menu, switches to dark and the choice survives a reload', async ({ page }) => {
    await page.goto('/today');
    const menu = await openAccountMenu(page);
    await menu.getByRole('button', { name: /Theme:/ }).click();
    await menu.getByRole('button', { name: 'Theme: light' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).toBe('rgb(12, 15, 22)');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });

  test('with no connection the account menu stays, as last seen, and says it is offline', async ({ page }) => {
    await page.goto('/today');
    await expect(accountButton(page)).toHaveAccessibleName(/\(rep, /);
    await expect(accountButton(page)).not.toHaveAccessibleName(/offline/);
    // The server cannot be reached (as with no signal): the page reloads from its offline shell.
    await page.route('**/api/auth/me', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await expect(accountButton(page)).toHaveAccessibleName(/, offline\)/);
    const account = await openAccountMenu(page);
    await expect(account).toContainText(', offline)');
    await expect(account.getByRole('link', { name: 'Security' })).toBeVisible();
    // Signing out ends the server's session: it waits for a connection, and says so.
    await expect(account.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await expect(account).toContainText('Sign out when you are back online.');
    // Back online: read afresh.
    await page.unroute('**/api/auth/me');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(accountButton(page)).not.toHaveAccessibleName(/offline/);
    await expect(account).not.toContainText('offline');
    await expect(account.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('every control is at least 44 by 44 CSS pixels at phone width, the account menu open', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/today');
    await openAccountMenu(page);
    await expect(page.locator('[data-loading]')).toHaveCount(0);
    // The audit's own measure (visually hidden inputs by their label, the inline-link exception).
    const check = await checkTargetSize(page);
    expect(check.problems).toEqual([]);
    // At least: skip link, home, Sync now, account; Security, theme, Sign out; five tabs.
    expect(check.examined, 'the top bar, the account menu and the tabs were measured').toBeGreaterThanOrEqual(12);
  });

  test('on a phone: a compact top bar, content within the first 15 % of the height, and bottom tabs reachable by keyboard', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/contacts');
    await page.locator('html[data-hydrated]').waitFor();
    const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
    expect(h1!.y, 'the page title starts within 15 % of 740 px').toBeLessThan(740 * 0.15);
    const tabs = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    await expect(tabs.filter({ visible: true })).toHaveText(['Today', 'Contacts', 'Deals', 'Activities', 'More']);
    const bar = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
    expect(bar!.y + bar!.height, 'the tab bar sits at the bottom of the screen').toBeGreaterThan(735);
    // Each tab is reached with Tab, is at least 44 px, and opens its screen with Enter.
    await page.getByRole('link', { name: 'Skip to main content' }).focus();
    for (const name of ['Today', 'Contacts', 'Deals', 'Activities', 'More']) {
      const tab = tabs.filter({ visible: true }).filter({ hasText: name });
      for (let i = 0; i < 12 && !(await tab.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
      await expect(tab).toBeFocused();
      const box = (await tab.boundingBox())!;
      expect(Math.min(box.width, box.height), `${name} tab`).toBeGreaterThanOrEqual(44);
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('More');
    await expect(page.getByRole('link', { name: 'More' })).toHaveAttribute('aria-current', 'page');
    // Companies lives under More on a phone; there, More stays marked as where the user is.
    await page.getByRole('main').getByRole('link', { name: 'Companies' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Companies');
    await expect(page.getByRole('link', { name: 'More' })).toHaveAttribute('aria-current', 'true');
  });

  test('on a phone the first screen shows at least 8 contacts and 5 items of Today, above the tab bar', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    /** Elements of `selector` wholly inside the first screen, between the top bar and the tab bar. */
    const inFirstScreen = (selector: string) =>
      page.evaluate((sel) => {
        const top = document.querySelector('header')!.getBoundingClientRect().bottom;
        const bottom = document.querySelector('nav[aria-label="Main"]')!.getBoundingClientRect().top;
        return Array.from(document.querySelectorAll(sel)).filter((el) => {
          const box = el.getBoundingClientRect();
          return box.height > 0 && box.top >= top && box.bottom <= bottom;
        }).length;
      }, selector);
    await page.goto('/contacts');
    await expect(page.getByTestId('list-count')).toHaveText(/^\d+ contacts$/, { timeout: 30_000 });
    await expect.poll(() => inFirstScreen('main ul[aria-label="Contacts"] > li')).toBeGreaterThanOrEqual(8);
    // Today's lists show their loading shapes until the first sync of every collection is done
    // (the activities come after the contacts): wait for it, as the record tests do.
    await seeded(page);
    await page.goto('/today');
    await expect(page.locator('[data-loading]')).toHaveCount(0);
    await expect.poll(() => inFirstScreen('main section li')).toBeGreaterThanOrEqual(5);
  });

  test('the top bar stays one row, without sideways scrolling, from 320 px to desktop widths', async ({ page }) => {
    for (const width of [320, 768, 1024, 1280]) {
      await page.setViewportSize({ width, height: 700 });
      await page.goto('/contacts');
      await expect(accountButton(page)).toBeVisible();
      const header = (await page.getByRole('banner').boundingBox())!;
      expect(header.height, `top bar height at ${width} px`).toBeLessThanOrEqual(60);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width at ${width} px`).toBeLessThanOrEqual(width);
    }
  });

  test('on desktop the side navigation holds every screen, and the administration area for the roles that have it', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/today');
    await page.locator('html[data-hydrated]').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link').filter({ visible: true })).toHaveText(['Today', 'Contacts', 'Companies', 'Deals', 'Activities', 'Conflicts', 'Import and export']);
    // A rep has no administration area anywhere.
    await expect(nav.getByText('Administration')).toHaveCount(0);
    const side = await nav.boundingBox();
    const main = await page.getByRole('main').boundingBox();
    expect(side!.x + side!.width, 'beside the content, not above it').toBeLessThanOrEqual(main!.x);
  });

  test('on a phone a record page leads with its highlights, and its quick actions sit on the tab bar within thumb reach', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/contacts');
    await expect(page.getByTestId('list-count')).toHaveText(/^\d+ contacts$/, { timeout: 30_000 });
    await page.getByRole('list', { name: 'Contacts' }).getByRole('link').first().click();
    await expect(page.getByRole('term').filter({ hasText: 'Open deals' })).toBeVisible();
    await expect(page.getByRole('term').filter({ hasText: 'Next task' })).toBeVisible();
    const h1 = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
    expect(h1.y, 'the name leads the page').toBeLessThan(740 * 0.15);
    const actions = page.getByRole('group', { name: 'Quick actions' });
    const bar = (await actions.boundingBox())!;
    const tabs = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
    expect(Math.abs(bar.y + bar.height - tabs.y), 'right on top of the tab bar').toBeLessThanOrEqual(1);
    expect(bar.y, 'in the lower part of the screen, where a thumb reaches').toBeGreaterThan(740 * 0.7);
    await expect(actions.getByRole('button')).toHaveText(['Log a call', 'Log a visit', 'Add a note', 'Add a task']);
    // The page's end scrolls clear of the bar.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const contentEnd = await page.evaluate(() => {
      const main = document.querySelector('main')!;
      return main.getBoundingClientRect().bottom - parseFloat(getComputedStyle(main).paddingBottom);
    });
    expect(contentEnd, 'the last of the page ends above the quick actions').toBeLessThanOrEqual((await actions.boundingBox())!.y);
    for (const control of await actions.locator('a, button').all()) {
      const box = (await control.boundingBox())!;
      expect(Math.min(box.width, box.height), await control.innerText()).toBeGreaterThanOrEqual(44);
    }
    // Reached by keyboard, a quick action is not hidden by the bars, and opens its form.
    await actions.getByRole('button', { name: 'Add a task' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await expect(page.getByRole('textbox', { name: /Subject/ })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(actions.getByRole('button', { name: 'Add a task' })).toBeFocused();
    // On desktop the same actions are a row of buttons under the highlights, in the page's flow.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(actions).toHaveCSS('position', 'static');
    expect((await actions.boundingBox())!.y).toBeLessThan(400);
  });

  test('the "new" action floats above the tab bar on a phone and sits in the page header on desktop', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/contacts');
    await page.locator('html[data-hydrated]').waitFor();
    const add = page.getByRole('link', { name: 'New contact' });
    const box = (await add.boundingBox())!;
    const tabs = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
    expect(box.y + box.height, 'above the tab bar').toBeLessThan(tabs.y);
    expect(box.x + box.width, 'at the right, for the thumb').toBeGreaterThan(360 - 24);
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    // The end of the page scrolls clear of it: main keeps room at its end.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const contentEnd = await page.evaluate(() => {
      const main = document.querySelector('main')!;
      return main.getBoundingClientRect().bottom - parseFloat(getComputedStyle(main).paddingBottom);
    });
    expect(contentEnd, 'the last of the page ends above the floating action').toBeLessThanOrEqual((await add.boundingBox())!.y);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(add).toHaveCSS('position', 'static');
    expect((await add.boundingBox())!.y, 'beside the title').toBeLessThan(200);
  });

  test('deal cards are compact, with the stage move in a 44 px card menu', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/deals');
    // The first sync of the seeded records takes longer than the default 10 s on a loaded machine (it did in CI): wait for it as the record tests do.
    await seeded(page);
    const card = page.locator('[data-deal-card]').first();
    await expect(card).toBeVisible({ timeout: 30_000 });
    expect((await card.boundingBox())!.height, 'one row: name, amount and close date beside the menu').toBeLessThanOrEqual(72);
    const menu = card.getByRole('button', { name: /^Move to stage: / });
    const box = (await menu.boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    await menu.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toBeFocused();
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
