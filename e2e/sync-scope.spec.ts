import type { Browser, Page } from '@playwright/test';
import { runAxe } from './a11y/axe';
import { enrollFromPage, signInWithUi } from './fixtures/auth';
import { findDocs, ready, type SyncWindow } from './fixtures/local-db';
import { expect, signInTo, test, type FreshTenant } from './fixtures/tenant';

// Sync scopes (issue 16): an admin switches the organization to "own records"; a rep's phone
// then holds only their records and what their deals and activities link to, a deal handed to
// someone else leaves the phone without being deleted, and a manager finds the rest of the
// organization online, marked as such, and opens it read-only. Teams and territories: see the
// second and third tests.

const PHONE = { width: 360, height: 740 };

/** The tenant's admin signs in (enrolling a second factor first) and chooses what phones hold; returns their page. */
async function adminChoosesScope(browser: Browser, tenant: FreshTenant, label: string, loads: string): Promise<Page> {
  const admin = await browser.newContext();
  const office = await admin.newPage();
  await signInWithUi(office, tenant.logins.admin);
  await enrollFromPage(office);
  await office.goto('/admin/settings');
  await office.locator('html[data-hydrated]').waitFor();
  // React Aria draws the radio over its hidden input: press the labelled row, as a person does.
  await office.locator('label').filter({ hasText: label }).click();
  await expect(office.getByRole('radio', { name: label })).toBeChecked();
  await office.getByRole('button', { name: 'Save what phones hold' }).click();
  await expect(office.getByText(`Saved. Every phone now loads ${loads} again.`)).toBeVisible();
  return office;
}

test('own-records scope: the phone holds its scope, a handed-over deal leaves it, a manager searches the rest online', async ({ browser, tenant }) => {
  test.setTimeout(240_000);
  await adminChoosesScope(browser, tenant, 'Own records', 'its own records');

  const phone = await browser.newContext({ viewport: PHONE });
  await signInTo(phone, tenant, 'rep');
  const page = await phone.newPage();
  await ready(page, '/deals');
  const userId = await page.evaluate(() => (window as unknown as SyncWindow).__crmSync!.userId);
  await expect.poll(async () => (await findDocs(page, 'deals')).length, { timeout: 30_000 }).toBeGreaterThan(0);
  const deals = await findDocs(page, 'deals');
  const contacts = await findDocs(page, 'contacts');
  const activities = await findDocs(page, 'activities');
  expect(deals.every((d) => d.ownerId === userId)).toBe(true);
  expect(activities.every((a) => a.ownerId === userId)).toBe(true);
  const linked = new Set([...deals, ...activities].map((d) => d.contactId).filter(Boolean));
  expect(contacts.every((c) => c.ownerId === userId || linked.has(c.id))).toBe(true);

  // The manager hands one of the rep's deals to themself: it leaves the rep's phone, live.
  const office = await browser.newContext();
  await signInTo(office, tenant, 'manager');
  const managerId = ((await (await office.request.get('/api/sync/session')).json()) as { userId: string }).userId;
  const deal = deals[0]!;
  const before = { ...deal, _deleted: false };
  const handed = await office.request.post('/api/sync/deals/push?protocol=2', {
    data: [{ assumedMasterState: before, newDocumentState: { ...before, ownerId: managerId, updatedAt: new Date().toISOString() } }],
  });
  expect(((await handed.json()) as { results: { status: string }[] }).results[0]!.status).toBe('accepted');
  await expect.poll(async () => (await findDocs(page, 'deals', { id: deal.id })).length, { timeout: 30_000 }).toBe(0);
  // Removed from the phone, not deleted: the organization still has it.
  const found = await office.request.get(`/api/records/deals/search?q=${encodeURIComponent(String(deal.name).slice(0, 40))}`);
  expect(((await found.json()) as { documents: { id: string; _deleted: boolean }[] }).documents.find((d) => d.id === deal.id)?._deleted).toBe(false);

  // The manager's phone holds their own records only; a rep's contact is found online, marked so.
  // One of the rep's contacts that no deal or activity of the manager links to (the handed deal
  // brought its own contact into the manager's scope).
  const managerPage = await office.newPage();
  await ready(managerPage, '/contacts');
  const onManagersPhone = new Set((await findDocs(managerPage, 'contacts')).map((c) => c.id));
  const target = contacts.find((c) => c.ownerId === userId && !onManagersPhone.has(c.id))!;
  expect(target, 'the manager’s phone holds some of the rep’s contacts only').toBeDefined();
  await managerPage.getByRole('searchbox', { name: 'Search contacts' }).fill(String(target.lastName));
  await managerPage.getByRole('button', { name: `Search the whole organization for “${String(target.lastName)}”` }).click();
  const online = managerPage.getByRole('list', { name: 'Online only, not on this device' });
  await expect(online).toContainText(String(target.lastName));
  await expect(online).toContainText('Online only');
  const axe = await runAxe(managerPage);
  expect(axe.violations, JSON.stringify(axe.violations)).toEqual([]);
  // Opened, it shows as the organization has it, read-only and marked so.
  await online.getByRole('link', { name: new RegExp(String(target.lastName)) }).first().click();
  await expect(managerPage.getByRole('heading', { level: 1 })).toContainText(String(target.lastName));
  await expect(managerPage.getByText('Online only: not on this device.')).toBeVisible();
  await expect(managerPage.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
  const opened = await runAxe(managerPage);
  expect(opened.violations, JSON.stringify(opened.violations)).toEqual([]);
});

test('team scope: teams set on the Members page with the keyboard decide what a phone holds, live', async ({ browser, tenant }) => {
  test.setTimeout(240_000);
  const office = await adminChoosesScope(browser, tenant, 'Team records', 'its team’s records');
  // A contact of the admin's own: in no one's team but the admin's.
  const adminId = ((await (await office.request.get('/api/sync/session')).json()) as { userId: string }).userId;
  const now = new Date().toISOString();
  const adminsContact = { id: crypto.randomUUID(), firstName: 'Ada', lastName: 'Admin-owned', email: null, phone: null, title: null, companyId: null, ownerId: adminId, createdAt: now, updatedAt: now, _deleted: false };
  const pushed = await office.request.post('/api/sync/contacts/push?protocol=2', { data: [{ newDocumentState: adminsContact }] });
  expect(((await pushed.json()) as { results: { status: string }[] }).results[0]!.status).toBe('accepted');

  // The rep and the manager join team North, typed and saved with Enter.
  await office.goto('/admin/users');
  await office.locator('html[data-hydrated]').waitFor();
  // A text field with a list of the teams so far: a combobox to assistive technology.
  const teamOf = (login: string) => office.getByRole('row').filter({ hasText: login }).getByRole('combobox', { name: /^Team of / });
  for (const [login, team] of [
    [tenant.logins.rep, 'North'],
    [tenant.logins.manager, 'north'],
  ] as const) {
    await teamOf(login).focus();
    await office.keyboard.type(team);
    await office.keyboard.press('Enter');
    await expect(office.getByText(new RegExp(`is now in team ${team}\\.`))).toBeVisible();
  }

  const phone = await browser.newContext({ viewport: PHONE });
  await signInTo(phone, tenant, 'rep');
  const page = await phone.newPage();
  await ready(page, '/deals');
  const repId = await page.evaluate(() => (window as unknown as SyncWindow).__crmSync!.userId);
  const owners = async () => new Set((await findDocs(page, 'deals')).map((d) => d.ownerId));
  // The manager's deals too (names compare without case), and never the admin's contact.
  await expect.poll(async () => (await owners()).size, { timeout: 30_000 }).toBe(2);
  expect((await findDocs(page, 'contacts', { id: adminsContact.id })).length).toBe(0);

  // The manager leaves the team: their deals leave the rep's phone, live.
  await teamOf(tenant.logins.manager).fill('');
  await office.getByRole('row').filter({ hasText: tenant.logins.manager }).getByRole('button', { name: /^Save team/ }).click();
  await expect(office.getByText(/is in no team now\./)).toBeVisible();
  await expect.poll(async () => [...(await owners())], { timeout: 30_000 }).toEqual([repId]);
  const axe = await runAxe(office);
  expect(axe.violations, JSON.stringify(axe.violations)).toEqual([]);
});

test('territory scope: territories typed on the Members page decide which companies a phone holds; a company moved abroad leaves it, live', async ({ browser, tenant }) => {
  test.setTimeout(240_000);
  const office = await adminChoosesScope(browser, tenant, 'Territory records', 'its territories’ records');

  // Two companies of the admin's, one in France and one in Spain, each with a contact.
  const adminId = ((await (await office.request.get('/api/sync/session')).json()) as { userId: string }).userId;
  const now = new Date().toISOString();
  const company = (name: string, country: string) => ({
    id: crypto.randomUUID(), name, domain: null, industry: null, phone: null, address: null, city: null, country, ownerId: adminId, createdAt: now, updatedAt: now, _deleted: false,
  });
  const contact = (lastName: string, companyId: string) => ({
    id: crypto.randomUUID(), firstName: 'Ada', lastName, email: null, phone: null, title: null, companyId, ownerId: adminId, createdAt: now, updatedAt: now, _deleted: false,
  });
  const paris = company('Paris Territory SA', 'France');
  const madrid = company('Madrid Territory SL', 'Spain');
  const atParis = contact('At-Paris', paris.id);
  const atMadrid = contact('At-Madrid', madrid.id);
  const push = async (collection: string, rows: unknown[]) => {
    const res = await office.request.post(`/api/sync/${collection}/push?protocol=2`, { data: rows });
    expect(((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(rows.map(() => 'accepted'));
  };
  await push('companies', [{ newDocumentState: paris }, { newDocumentState: madrid }]);
  await push('contacts', [{ newDocumentState: atParis }, { newDocumentState: atMadrid }]);

  // The rep covers France and Belgium: typed as a list, saved with Enter.
  await office.goto('/admin/users');
  await office.locator('html[data-hydrated]').waitFor();
  await office.getByRole('row').filter({ hasText: tenant.logins.rep }).getByRole('textbox', { name: /^Territories of / }).focus();
  await office.keyboard.type('france, Belgium');
  await office.keyboard.press('Enter');
  await expect(office.getByText(/territories: france, Belgium\./)).toBeVisible();

  const phone = await browser.newContext({ viewport: PHONE });
  await signInTo(phone, tenant, 'rep');
  const page = await phone.newPage();
  await ready(page, '/companies');
  const holds = async (collection: string, id: string) => (await findDocs(page, collection, { id })).length === 1;
  await expect.poll(() => holds('contacts', atParis.id), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => holds('companies', paris.id), { timeout: 30_000 }).toBe(true);
  expect(await holds('companies', madrid.id)).toBe(false);
  expect(await holds('contacts', atMadrid.id)).toBe(false);

  // Paris's company moves to Spain: it and its contact leave the phone, live, and stay on the server.
  await push('companies', [{ assumedMasterState: paris, newDocumentState: { ...paris, country: 'Spain', updatedAt: new Date().toISOString() } }]);
  await expect.poll(() => holds('contacts', atParis.id), { timeout: 30_000 }).toBe(false);
  await expect.poll(() => holds('companies', paris.id), { timeout: 30_000 }).toBe(false);
  const axe = await runAxe(office);
  expect(axe.violations, JSON.stringify(axe.violations)).toEqual([]);
});
