import type { Browser, Page } from '@playwright/test';
import { runAxe } from './a11y/axe';
import { enrollFromPage, signInWithUi } from './fixtures/auth';
import { findDocs, ready } from './fixtures/local-db';
import { expect, signInTo, test, type FreshTenant } from './fixtures/tenant';

// Privacy requests and retention (issue 20): an admin finds a person, exports everything held
// about them, erases them, and sees both requests listed; the rep's phone loses the contact at
// its next sync. Managers and reps may not open the page. Retention: a policy is previewed
// (what it would remove now), saved, and still there after a reload.

/** The tenant's admin, signed in with a second factor enrolled on the way (admins must use one). */
async function adminPage(browser: Browser, tenant: FreshTenant): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithUi(page, tenant.logins.admin);
  await enrollFromPage(page);
  return page;
}

test('an admin exports a contact as JSON, erases them, sees both requests; the phone loses the contact', async ({ browser, tenant }) => {
  test.setTimeout(240_000);

  // A rep's phone holding the seeded contacts, among them one with an email to find them by.
  const phone = await browser.newContext();
  await signInTo(phone, tenant, 'rep');
  const rep = await phone.newPage();
  await ready(rep, '/contacts');
  await expect.poll(async () => (await findDocs(rep, 'contacts')).length, { timeout: 30_000 }).toBeGreaterThan(100);
  const person = (await findDocs(rep, 'contacts')).find((c) => typeof c.email === 'string' && c.email.includes('@'));
  expect(person, 'a seeded contact with an email').toBeDefined();
  const email = String(person!.email);
  const name = `${String(person!.firstName)} ${String(person!.lastName)}`;

  // The administration area lists the page for admins.
  const office = await adminPage(browser, tenant);
  await office.locator('html[data-hydrated]').waitFor();
  await office.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy requests' }).click();
  await expect(office).toHaveURL(/\/admin\/privacy$/);
  await expect(office.getByRole('heading', { level: 1, name: 'Privacy requests' })).toBeVisible();
  await office.locator('html[data-hydrated]').waitFor();
  await expect(office.getByText('No privacy requests yet', { exact: true })).toBeVisible();

  // Found by email, chosen: focus moves to the chosen contact.
  const search = office.getByRole('searchbox', { name: 'Name or email' });
  await expect(search).toBeEditable();
  await search.fill(email);
  await office.getByRole('button', { name: 'Search', exact: true }).click();
  const found = office.getByRole('list', { name: 'Contacts found' });
  await expect(found).toContainText(email);
  await found.locator(`[data-found-contact="${person!.id}"]`).getByRole('button', { name: `Choose ${name}` }).click();
  await expect(office.getByRole('heading', { name: `Chosen contact: ${name}` })).toBeFocused();

  // Export JSON: downloaded under the server's name, holding the contact's email.
  const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(download.suggestedFilename()).toBe(`contact-${person!.id}.json`);
  const file = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
  expect(() => JSON.parse(file)).not.toThrow();
  expect(file).toContain(email);
  const requests = office.getByRole('grid', { name: 'Privacy requests' });
  await expect(requests.getByRole('row').filter({ hasText: person!.id })).toContainText('Export');

  // Erase…: the confirmation says what goes and that it cannot be undone; Keep it has focus.
  await office.getByRole('button', { name: `Erase… ${name}` }).click();
  const confirm = office.getByRole('alertdialog', { name: `Erase ${name} everywhere?` });
  await expect(confirm).toContainText('This cannot be undone.');
  await expect(confirm).toContainText('Deals they are on are kept');
  await expect(confirm.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Erase for good' }).click();
  await expect(confirm).toHaveCount(0);
  // The counts are announced, and the erasure is listed above the export, newest first.
  await expect(office.getByRole('status').filter({ hasText: `${name} is erased: 1 contact` })).toBeVisible();
  await expect(office.getByRole('heading', { name: 'Requests', exact: true })).toBeFocused();
  const rows = requests.getByRole('row').filter({ hasText: person!.id });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Erasure');
  await expect(rows.nth(1)).toContainText('Export');
  const axe = await runAxe(office);
  expect(axe.violations, JSON.stringify(axe.violations)).toEqual([]);

  // Not found any more; an export by id now holds what is left (ids and times), not the person's values.
  await search.fill(email);
  await office.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(office.getByRole('status').filter({ hasText: `No contact matches “${email}”.` })).toBeVisible();
  const after = await office.request.post('/api/admin/privacy/export', { data: { contactId: person!.id, format: 'json' } });
  expect(after.status()).toBe(200);
  const left = await after.text();
  expect(left).toContain(person!.id);
  expect(left).not.toContain(email);

  // The phone removes it at its next sync: gone from its database and from Contacts.
  await expect.poll(async () => (await findDocs(rep, 'contacts', { id: person!.id })).length, { timeout: 30_000 }).toBe(0);
  await rep.goto('/contacts');
  await rep.getByRole('searchbox', { name: 'Search contacts' }).fill(email);
  // The list answers first (its empty state names the search), then nothing links to the contact.
  await expect(rep.getByText(`No contacts match “${email}”.`)).toBeVisible();
  await expect(rep.locator(`a[href*="${person!.id}"]`)).toHaveCount(0);
});

test("a contact's page links an admin to a privacy request with the contact chosen; a rep's page has no such link", async ({ browser, tenant }) => {
  test.setTimeout(120_000);
  const office = await adminPage(browser, tenant);
  await ready(office, '/contacts');
  await expect.poll(async () => (await findDocs(office, 'contacts')).length, { timeout: 30_000 }).toBeGreaterThan(0);
  const person = (await findDocs(office, 'contacts'))[0]!;
  const name = `${String(person.firstName)} ${String(person.lastName)}`;
  await office.goto(`/contacts/view?id=${String(person.id)}`);
  await office.getByRole('link', { name: `Privacy request: export or erase ${name}’s data` }).click();
  await expect(office).toHaveURL(new RegExp(`/admin/privacy\\?contact=${String(person.id)}$`));
  await expect(office.getByRole('heading', { name: `Chosen contact: ${name}` })).toBeFocused();

  const phone = await browser.newContext();
  await signInTo(phone, tenant, 'rep');
  const rep = await phone.newPage();
  await ready(rep, '/contacts');
  const own = (await findDocs(rep, 'contacts'))[0]!;
  await rep.goto(`/contacts/view?id=${String(own.id)}`);
  await expect(rep.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(rep.getByRole('link', { name: /^Privacy request/ })).toHaveCount(0);
  await phone.close();
});

test('managers and reps get the not-allowed screen, no navigation link, and 403 from the API', async ({ browser, tenant }) => {
  for (const role of ['manager', 'rep'] as const) {
    const context = await browser.newContext();
    await signInTo(context, tenant, role);
    const page = await context.newPage();
    await page.goto('/admin/privacy');
    await expect(page.getByRole('heading', { level: 1, name: 'Privacy requests' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Your role does not allow this page' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Name or email' })).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy requests' })).toHaveCount(0);
    expect((await page.request.get('/api/admin/privacy/requests')).status()).toBe(403);
    expect((await page.request.get('/api/admin/privacy/contacts?q=a')).status()).toBe(403);
    await context.close();
  }
});

test('retention: activities kept 30 days, previewed with counts, saved, still set after a reload', async ({ browser, tenant }) => {
  test.setTimeout(180_000);
  const office = await adminPage(browser, tenant);
  await office.goto('/admin/settings');
  await office.locator('html[data-hydrated]').waitFor();
  const section = office.getByRole('region', { name: 'Data retention' });
  const activities = section.getByRole('textbox', { name: /^Keep activities for \(days\)/ });
  await expect(activities).toBeEditable();
  await expect(activities).toHaveValue('');

  // A value out of bounds is refused beside the field, before anything is sent.
  await activities.fill('0');
  await section.getByRole('button', { name: 'Save data retention' }).click();
  await expect(activities).toHaveAttribute('aria-invalid', 'true');
  await expect(section.getByRole('alert').filter({ hasText: 'with this form' })).toBeFocused();

  // 30 days: the preview counts what enforcing it now would remove (the seed has older activities).
  await activities.fill('30');
  await expect(activities).not.toHaveAttribute('aria-invalid', 'true');
  await section.getByRole('button', { name: 'Preview what would be removed' }).click();
  const preview = section.getByRole('status').filter({ hasText: 'would remove' });
  await expect(preview).toContainText(/[1-9][\d,]* activit/);

  await section.getByRole('button', { name: 'Save data retention' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // Save before a preview of the new values shows what they would remove first, and saves nothing.
  await section.getByRole('textbox', { name: /^Keep closed deals for \(months\)/ }).fill('12');
  await section.getByRole('button', { name: 'Save data retention' }).click();
  await expect(section.getByRole('status').filter({ hasText: 'Nothing is saved yet' })).toContainText(/would remove/);
  await office.reload();
  await office.locator('html[data-hydrated]').waitFor();
  await expect(section.getByRole('textbox', { name: /^Keep activities for \(days\)/ })).toHaveValue('30');
  await expect(section.getByRole('textbox', { name: /^Keep closed deals for \(months\)/ })).toHaveValue('');
  const axe = await runAxe(office);
  expect(axe.violations, JSON.stringify(axe.violations)).toEqual([]);
});
