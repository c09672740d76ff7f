import { findDocs, goOffline, ready, status, type SyncWindow } from './fixtures/local-db';
import { expect, signInTo, test } from './fixtures/tenant';

// The record rules on a phone (issue 14): what the server would refuse is not offered, and a
// change the server refuses anyway (the record changed hands while the phone was offline) is
// shown to its author with the reason, while the author's next change still syncs.

const PHONE = { width: 360, height: 740 };

test('a rep on a phone is not offered what the server refuses; a refused change comes back with its reason and nothing is stuck', async ({ browser, tenant }) => {
  test.setTimeout(180_000);
  const phone = await browser.newContext({ viewport: PHONE });
  const office = await browser.newContext();
  await signInTo(phone, tenant, 'rep');
  await signInTo(office, tenant, 'manager');
  const page = await phone.newPage();
  await ready(page, '/contacts');
  await expect.poll(async () => (await findDocs(page, 'contacts')).length, { timeout: 30_000 }).toBeGreaterThan(100);
  const userId = await page.evaluate(() => (window as unknown as SyncWindow).__crmSync!.userId);
  const all = await findDocs(page, 'contacts');
  const theirs = all.find((d) => typeof d.ownerId === 'string' && d.ownerId !== userId)!;
  const mine = all.find((d) => d.ownerId === userId)!;

  // Someone else's contact: read only, with the reason, and no Edit or Delete.
  await page.goto(`/contacts/view?id=${theirs.id}`);
  await expect(page.getByText('Only its owner or a manager can change this contact: it belongs to someone else.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  // Its edit form, opened by address, says why instead of opening.
  await page.goto(`/contacts/edit?id=${theirs.id}`);
  await expect(page.getByRole('status').filter({ hasText: 'Only its owner or a manager can change this contact' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);

  // Offline, the rep renames a contact of their own; meanwhile a manager takes it over.
  await page.goto(`/contacts/edit?id=${mine.id}`);
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
  await goOffline(phone, page);
  const renamed = `Renamed ${Date.now()}`;
  await page.getByRole('textbox', { name: 'Last name' }).fill(renamed);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(renamed) })).toBeVisible();
  const managerId = ((await (await office.request.get('/api/sync/session')).json()) as { userId: string }).userId;
  const before = { ...mine, _deleted: false };
  const taken = await office.request.post('/api/sync/contacts/push?protocol=2', {
    data: [{ assumedMasterState: before, newDocumentState: { ...before, ownerId: managerId, updatedAt: new Date().toISOString() } }],
  });
  expect(((await taken.json()) as { results: unknown[] }).results).toEqual([{ id: mine.id, status: 'accepted' }]);

  // Back online: the rename is refused (the contact is the manager's now) and shown with the reason.
  await phone.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(status(page)).toContainText('1 conflict to review', { timeout: 30_000 });
  await expect.poll(async () => (await findDocs(page, 'contacts', { id: mine.id }))[0]?.lastName).toBe(mine.lastName);
  await page.getByRole('link', { name: 'Review conflicts' }).first().click();
  const item = page.getByRole('article');
  await expect(item).toContainText('The server refused your change');
  await expect(item).toContainText('Only its owner or a manager can change this contact');
  await expect(item).toContainText(renamed);

  // Nothing is stuck behind the refusal: the rep's next change reaches the server.
  await page.goto('/contacts/edit');
  const next = `Next ${Date.now()}`;
  await page.getByRole('textbox', { name: 'Last name' }).fill(next);
  await page.getByRole('button', { name: 'Create contact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(next) })).toBeVisible();
  await expect
    .poll(
      async () => {
        const pulled = await office.request.post('/api/sync/contacts/pull', { data: { limit: 2000 } });
        return ((await pulled.json()) as { documents: { lastName: string }[] }).documents.some((d) => d.lastName === next);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await phone.close();
  await office.close();
});
