import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { findDocs, goOffline, ready, seeded, status, type SyncWindow } from './fixtures/local-db';
import { expect, signInTo, test } from './fixtures/tenant';

// The field-sales screens on a phone: everything is read from and written to the local
// database, works with no network, survives a reload offline and reaches another browser.
// Tests that change records do it in a tenant of their own (fixtures/tenant.ts).

const PHONE = { width: 360, height: 740 };
test.use({ viewport: PHONE });

test('offline on a phone: create a contact, log a visit, move a deal by keyboard, reload, then sync to another browser', async ({ browser, tenant }) => {
  test.setTimeout(180_000);
  const phone = await browser.newContext({ viewport: PHONE });
  const desk = await browser.newContext();
  await signInTo(phone, tenant, 'rep');
  await signInTo(desk, tenant, 'rep');
  const a = await phone.newPage();
  const b = await desk.newPage();
  await ready(a, '/deals');
  await ready(b, '/contacts');

  // A deal the rep owns (the server refuses moves of other reps' deals), and where it goes.
  const userId = await a.evaluate(() => (window as unknown as SyncWindow).__crmSync!.userId);
  const [pipeline] = (await findDocs(a, 'pipelines')).sort((x, y) => Number(x.position) - Number(y.position));
  const stages = pipeline!.stages as { id: string; name: string }[];
  const deal = (await findDocs(a, 'deals', { ownerId: userId, pipelineId: pipeline!.id, status: 'open' }))[0];
  expect(deal, 'an open deal of the rep').toBeTruthy();
  // A phone's board shows one stage at a time: turn to the deal's by its tab, named with its count.
  const stageTab = a.getByRole('tab', { name: new RegExp(`^${stages.find((s) => s.id === deal!.stageId)!.name} \\(\\d+\\)$`) });
  await stageTab.click();
  await expect(stageTab).toHaveAttribute('aria-selected', 'true');

  await goOffline(phone, a);

  // Move the deal with the keyboard only: focus its "Move to stage" button, open, choose.
  const card = a.locator(`[data-deal-card="${deal!.id}"]`);
  const move = card.getByRole('button', { name: /^Move to stage/ });
  await expect(move).toBeEnabled(); // disabled until the board has hydrated (use-hydrated.ts)
  await move.focus();
  await a.keyboard.press('Enter');
  const menu = a.getByRole('menu');
  await expect(menu).toBeVisible();
  const target = (await menu.getByRole('menuitem').first().textContent())!.trim();
  await a.keyboard.press('Enter');
  const column = a.locator('section[data-stage]', { has: a.locator(`[data-deal-card="${deal!.id}"]`) });
  await expect(column.getByRole('heading', { level: 2 })).toHaveText(target);
  const targetStage = stages.find((s) => s.name === target)!;
  // Focus follows the deal to its new column.
  await expect(column.locator(`[data-deal-card="${deal!.id}"]`).getByRole('button')).toBeFocused();

  // Create a contact with the form.
  const lastName = `Fieldrep${Date.now()}`;
  await a.goto('/contacts');
  await a.getByRole('link', { name: 'New contact' }).click();
  await expect(a.getByRole('heading', { level: 1, name: 'New contact' })).toBeVisible();
  await a.getByRole('button', { name: 'Create contact' }).click();
  await expect(a.getByRole('alert').filter({ hasText: 'with this form' })).toBeFocused();
  await a.getByRole('textbox', { name: 'First name' }).fill('Olive');
  await a.getByRole('textbox', { name: 'Last name' }).fill(lastName);
  await a.getByRole('textbox', { name: 'Phone' }).fill('+44 7700 900123');
  await a.getByRole('button', { name: 'Create contact' }).click();
  await expect(a.getByRole('heading', { level: 1, name: `Olive ${lastName}` })).toBeVisible();
  await expect(a.getByRole('link', { name: 'Call +44 7700 900123' })).toHaveAttribute('href', 'tel:+447700900123');
  const contactUrl = a.url();

  // Log a visit on it.
  await a.getByRole('button', { name: 'Log a visit' }).click();
  const dialog = a.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Notes' }).fill('Met in the car park.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(a.getByRole('listitem').filter({ hasText: `Visit: Visit to Olive ${lastName}` })).toBeVisible();

  // Reload with no network: every change is still there.
  await a.reload();
  await expect(a.getByRole('heading', { level: 1, name: `Olive ${lastName}` })).toBeVisible();
  await expect(a.getByText('Met in the car park.')).toBeVisible();
  await a.goto('/deals');
  // The phone's board opens on the first stage: turn to the one the deal was moved to.
  await a.getByRole('tab', { name: new RegExp(`^${target} \\(\\d+\\)$`) }).click();
  await expect(a.locator('section[data-stage]', { has: a.locator(`[data-deal-card="${deal!.id}"]`) }).getByRole('heading', { level: 2 })).toHaveText(target);
  await a.goto('/contacts');
  await a.getByRole('searchbox', { name: 'Search contacts' }).fill(lastName);
  await expect(a.getByRole('link', { name: new RegExp(`Olive ${lastName}`) })).toBeVisible();

  // Signal again: the other browser receives all of it without reloading.
  await phone.setOffline(false);
  await a.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(status(a)).toContainText('Synced', { timeout: 30_000 });
  await expect.poll(async () => (await findDocs(b, 'contacts', { lastName })).length, { timeout: 15_000 }).toBe(1);
  await expect.poll(async () => (await findDocs(b, 'deals', { id: deal!.id }))[0]?.stageId, { timeout: 15_000 }).toBe(targetStage.id);
  await b.goto(contactUrl.replace(/^https?:\/\/[^/]+/, ''));
  await expect(b.getByRole('heading', { level: 1, name: `Olive ${lastName}` })).toBeVisible();
  await expect(b.getByText('Met in the car park.')).toBeVisible();
  await b.goto(`/deals/view?id=${deal!.id}`);
  await expect(b.getByRole('region', { name: 'Stage history' })).toContainText(target);
  await phone.close();
  await desk.close();
});

test('instant search over the seeded contacts by name, company and phone', async ({ page }) => {
  await page.goto('/contacts');
  await seeded(page);
  await expect(page.getByTestId('list-count')).toHaveText(/^\d+ contacts$/, { timeout: 30_000 });
  const total = Number((await page.getByTestId('list-count').textContent())!.split(' ')[0]);
  expect(total).toBeGreaterThan(100);
  const [someone] = await findDocs(page, 'contacts', { phone: { $ne: null }, email: { $ne: null } });
  const search = page.getByRole('searchbox', { name: 'Search contacts' });

  await search.fill(String(someone!.email));
  await expect(page.getByTestId('list-count')).toHaveText(`1 of ${total} contacts match`);
  await expect(page.getByRole('link', { name: new RegExp(`${someone!.firstName} ${someone!.lastName}`) })).toBeVisible();

  // Phone digits typed without the spaces.
  await search.fill(String(someone!.phone).replace(/\D/g, '').slice(-7));
  await expect(page.getByRole('link', { name: new RegExp(`${someone!.firstName} ${someone!.lastName}`) })).toBeVisible();

  await search.fill(String(someone!.lastName));
  const byName = Number((await page.getByTestId('list-count').textContent())!.split(' ')[0]);
  expect(byName).toBeGreaterThanOrEqual(1);
  expect(byName).toBeLessThan(total);

  await search.fill('zzzz-nobody');
  await expect(page.getByText('No contacts match “zzzz-nobody”')).toBeVisible();
  // The empty state says what to do, and doing it puts focus back in the search.
  await page.getByRole('button', { name: 'Clear the search' }).click();
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('list-count')).toHaveText(`${total} contacts`);
});

test('CSV round trip: export, re-import with a bad row refused whole, then import the fixed file', async ({ page, tenant }, testInfo) => {
  await signInTo(page.context(), tenant, 'rep');
  await page.goto('/import-export');
  await seeded(page);
  const contacts = await findDocs(page, 'contacts');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export contacts (CSV)' }).click();
  const file = await (await downloading).path();
  const csv = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  const parsed = Papa.parse<string[]>(csv.trim()).data;
  expect(parsed[0]).toEqual(['First name', 'Last name', 'Email', 'Phone', 'Job title', 'Company']);
  expect(parsed.length - 1).toBe(contacts.length);

  // Two exported rows under new first names, plus a row with no name and a broken email.
  const stamp = `Csv${Date.now()}`;
  const rows = parsed.slice(1, 3).map((r, i) => [`${stamp}${i}`, ...r.slice(1)]);
  const bad = Papa.unparse([parsed[0]!, ...rows, ['', '', 'broken@', '', '', '']]);
  const good = Papa.unparse([parsed[0]!, ...rows]);
  const badPath = testInfo.outputPath('bad.csv');
  const goodPath = testInfo.outputPath('good.csv');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(badPath, bad);
  writeFileSync(goodPath, good);

  const input = page.getByLabel('CSV file');
  await input.setInputFiles(badPath);
  await expect(page.getByTestId('import-summary')).toHaveText(/^1 of 3 rows have problems/);
  await expect(page.getByRole('list', { name: 'Rows with problems' })).toContainText('Line 4: Enter a first name or a last name. Email must look like name@example.com.');
  await expect(page.getByRole('button', { name: 'Import 2 contacts' })).toBeDisabled();
  expect(await findDocs(page, 'contacts', { firstName: { $regex: `^${stamp}` } })).toHaveLength(0);

  await input.setInputFiles(goodPath);
  await expect(page.getByTestId('import-summary')).toHaveText('All 2 rows are valid.');
  await page.getByRole('button', { name: 'Import 2 contacts' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Imported 2 contacts from good.csv` })).toBeVisible();
  const imported = await findDocs(page, 'contacts', { firstName: { $regex: `^${stamp}` } });
  expect(imported.map((c) => c.lastName).sort()).toEqual(rows.map((r) => r[1]).sort());
  expect(imported.every((c) => c.companyId !== null || rows.some((r) => r[5] === ''))).toBe(true);
});

test('a half-typed form survives a reload, and a deleted contact comes back with Undo', async ({ page, tenant }) => {
  await signInTo(page.context(), tenant, 'rep');
  await page.goto('/contacts/edit');
  await seeded(page);
  const lastName = `Draft${Date.now()}`;
  await page.getByRole('textbox', { name: 'Last name' }).fill(lastName);
  await page.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
  await page.getByRole('button', { name: 'Create contact' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'with this form' });
  await expect(summary).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveAccessibleDescription(/must look like name@example.com/);

  // The app is closed before the fix: nothing typed is lost.
  await page.reload();
  await expect(page.getByText(/^Restored what you typed/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Last name' })).toHaveValue(lastName);
  await page.getByRole('textbox', { name: 'Email' }).fill('draft@example.com');
  await page.getByRole('button', { name: 'Create contact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: lastName })).toBeVisible();
  const id = new URL(page.url()).searchParams.get('id')!;

  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole('status').filter({ hasText: `Deleted ${lastName}.` })).toBeVisible();
  expect(await findDocs(page, 'contacts', { id })).toHaveLength(0);
  await page.getByRole('button', { name: 'Undo delete' }).click();
  await expect.poll(async () => (await findDocs(page, 'contacts', { id })).length).toBe(1);
  await page.goto(`/contacts/view?id=${id}`);
  await expect(page.getByRole('heading', { level: 1, name: lastName })).toBeVisible();
  // The next form starts empty: the saved draft was cleared.
  await page.goto('/contacts/edit');
  await expect(page.getByRole('textbox', { name: 'Last name' })).toHaveValue('');
});

test('the conflict view marks the record and keeps the value the user chooses', async ({ page, tenant }) => {
  await signInTo(page.context(), tenant, 'rep');
  await page.goto('/contacts');
  await seeded(page);
  const userId = await page.evaluate(() => (window as unknown as SyncWindow).__crmSync!.userId);
  const [mine] = await findDocs(page, 'contacts', { ownerId: userId });
  await page.evaluate(
    async ([recordId]) => {
      const db = (window as unknown as { __crmSync: { db: { conflicts: { insert(d: unknown): Promise<unknown> } } } }).__crmSync.db;
      await db.conflicts.insert({
        id: `contacts|${recordId}|title|e2e`,
        collectionName: 'contacts',
        recordId,
        kind: 'field',
        field: 'title',
        localValue: JSON.stringify('Chief Mine Officer'),
        serverValue: JSON.stringify('Head of Theirs'),
        createdAt: new Date().toISOString(),
      });
    },
    [mine!.id],
  );
  await page.goto(`/contacts/view?id=${mine!.id}`);
  await page.getByRole('link', { name: 'Review conflicts' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Conflicts' })).toBeVisible();
  const item = page.getByRole('article');
  await expect(item).toContainText('You and someone else both changed the title.');
  await expect(item).toContainText('Chief Mine Officer');
  await expect(item).toContainText('Head of Theirs');
  await item.getByRole('button', { name: 'Keep my value' }).click();
  await expect(page.getByText('No conflicts to review.')).toBeVisible();
  await expect.poll(async () => (await findDocs(page, 'contacts', { id: mine!.id }))[0]?.title).toBe('Chief Mine Officer');
});
