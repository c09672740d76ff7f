import { findDocs, goOffline, ready, type Doc } from './fixtures/local-db';
import { expect, test } from '@playwright/test';

// Issue 18, item 2 (deals you can find), on a phone and offline: search by name and company,
// filters behind a button, one stage at a time on the board with each stage's count. Read only,
// so it runs as the demo rep (e2e/auth.setup.ts) on the shared demo tenant.

test.use({ viewport: { width: 360, height: 740 } });

test('offline on a phone: a deal found by its company and name, narrowed by stage and owner, one stage at a time on the board', async ({ page, context }) => {
  await ready(page, '/deals');
  const userId = await page.evaluate(() => (window as unknown as { __crmSync: { userId: string } }).__crmSync.userId);
  const [pipeline] = (await findDocs(page, 'pipelines')).sort((x, y) => Number(x.position) - Number(y.position));
  const stages = pipeline!.stages as { id: string; name: string }[];
  const inPipeline = await findDocs(page, 'deals', { pipelineId: pipeline!.id });
  const count = page.getByTestId('deal-count');
  await expect(count).toHaveText(`${inPipeline.length} deals`);
  await goOffline(context, page);

  // Search by the company's name and a word of the deal's: the deal is found, and only deals that match both.
  const target = inPipeline.find((d) => d.companyId) as Doc & { companyId: string; name: string };
  const [company] = await findDocs(page, 'companies', { id: target.companyId });
  await page.getByRole('searchbox', { name: 'Search deals' }).fill(`${String(company!.name)} ${target.name.split(' ')[0]}`);
  await expect(count).toHaveText(/^\d+ of \d+ deals match$/);
  await page.getByRole('tab', { name: 'List' }).click();
  await expect(page.getByRole('link', { name: new RegExp(target.name) }).first()).toBeVisible();
  // Every deal listed matches both words (the list shows its first page; the count says how many in all).
  const rows = page.getByRole('list', { name: 'Deals found, in the order chosen' }).getByRole('listitem');
  await expect(rows.first()).toBeVisible();
  const word = target.name.split(' ')[0]!.toLowerCase();
  for (const text of await rows.allInnerTexts()) expect(text.toLowerCase()).toContain(word);

  // Sort and filters sit behind a button that says how many filters are set; the count follows them.
  await page.getByRole('searchbox', { name: 'Search deals' }).fill('');
  const filtersButton = page.getByRole('button', { name: 'Sort and filter', exact: true });
  await expect(filtersButton).toHaveAttribute('aria-expanded', 'false');
  await filtersButton.click();
  await expect(filtersButton).toHaveAttribute('aria-expanded', 'true');
  const stage = stages[1]!;
  await page.getByRole('button', { name: /Stage/ }).filter({ hasText: 'Any stage' }).click();
  await page.getByRole('option', { name: stage.name, exact: true }).click();
  await page.getByRole('button', { name: /Owner/ }).filter({ hasText: 'Anyone' }).click();
  await page.getByRole('option', { name: 'Me', exact: true }).click();
  const mineInStage = inPipeline.filter((d) => d.stageId === stage.id && d.ownerId === userId).length;
  await expect(count).toHaveText(mineInStage === inPipeline.length ? `${mineInStage} deals` : `${mineInStage} of ${inPipeline.length} deals match`);
  const setButton = page.getByRole('button', { name: 'Sort and filter (2 filters set)' });
  await expect(setButton).toBeVisible();
  // Clearing them puts focus back on that button (the Clear button goes away).
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(filtersButton).toBeFocused();
  await expect(count).toHaveText(`${inPipeline.length} deals`);
  // Sorted by amount, the list leads with the largest deal (or one as large).
  await page.getByRole('button', { name: /Sort by/ }).click();
  await page.getByRole('option', { name: 'Amount, largest' }).click();
  const largest = inPipeline.reduce((a, b) => (Number(b.amountCents) > Number(a.amountCents) ? b : a));
  await expect(rows.first()).toContainText(new Intl.NumberFormat('en').format(Math.floor(Number(largest.amountCents) / 100)));

  // The board on a phone: one stage at a time, each tab named with its count; arrows turn the stage.
  await page.getByRole('tab', { name: 'Board' }).click();
  const stageTabs = page.getByRole('tablist', { name: 'Stages' }).getByRole('tab');
  await expect(stageTabs).toHaveCount(stages.length);
  for (const [i, s] of stages.entries()) {
    await expect(stageTabs.nth(i)).toHaveText(`${s.name} (${inPipeline.filter((d) => d.stageId === s.id).length})`);
  }
  await expect(page.locator('section[data-stage]')).toHaveCount(1);
  await stageTabs.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('section[data-stage]').getByRole('heading', { level: 2 })).toHaveText(stages[1]!.name);
});
