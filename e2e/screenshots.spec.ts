// Screenshots of the main screens at a phone's and a desktop's size in both themes, written to
// reports/screenshots/ for people to look at (linked from the README); never compared pixel by
// pixel. Also counts what a phone shows in its first screen, the density the design aims for.
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { THEME_STORAGE_KEY } from '../components/shell/theme-boot';

const OUT = 'reports/screenshots';
const SIZES = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;
const SCREENS = ['/today', '/contacts', '/companies', '/deals', '/activities', '/more'] as const;

async function settled(page: Page) {
  await page.locator('html[data-hydrated]').waitFor();
  await expect(page.locator('[data-loading]')).toHaveCount(0);
  await expect(page.locator('[data-sync-phase="synced"], [data-sync-phase="follower"]')).toBeAttached({ timeout: 30_000 });
}

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots of the main screens, ${theme} theme`, async ({ page }) => {
    test.setTimeout(120_000);
    mkdirSync(OUT, { recursive: true });
    await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [THEME_STORAGE_KEY, theme] as const);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const screen of SCREENS) {
        await page.goto(screen);
        await settled(page);
        await page.screenshot({ path: `${OUT}/${screen.slice(1)}-${size.name}-${theme}.png` });
      }
      // A record page, opened from the list.
      await page.goto('/contacts');
      await settled(page);
      await page.getByRole('main').getByRole('listitem').getByRole('link').first().click();
      await expect(page.getByRole('button', { name: 'Log a call' })).toBeVisible();
      await page.screenshot({ path: `${OUT}/contact-${size.name}-${theme}.png` });
    }
  });
}
