import type { Page } from '@playwright/test';
import { findDocs, goOffline, ready, status, type SyncWindow } from './fixtures/local-db';
import { expect, signInTo, test } from './fixtures/tenant';

// Issue 18, item 5, on phones: a rep and their manager change a contact's job title at the same
// time (the rep with no signal). Both are told: the rep that their title was set aside, by whom
// and when; the manager that theirs replaced the rep's, which the manager can use instead.

const PHONE = { width: 360, height: 740 };
test.use({ viewport: PHONE });

/** This person's name as the app shows it to colleagues. */
const nameOf = (page: Page) =>
  page.evaluate(() => {
    const sync = (window as unknown as { __crmSync: { userId: string; people: readonly { id: string; name: string }[] } }).__crmSync;
    return sync.people.find((p) => p.id === sync.userId)!.name;
  });

test('both sides of a conflict see it, with who and when, and the one whose value stayed can use the other', async ({ browser, tenant }) => {
  test.setTimeout(120_000);
  const repPhone = await browser.newContext({ viewport: PHONE });
  const managerPhone = await browser.newContext({ viewport: PHONE });
  await signInTo(repPhone, tenant, 'rep');
  await signInTo(managerPhone, tenant, 'manager');
  const rep = await repPhone.newPage();
  const manager = await managerPhone.newPage();
  await ready(rep, '/contacts');
  await ready(manager, '/contacts');
  const repId = await rep.evaluate(() => (window as unknown as SyncWindow).__crmSync!.userId);
  const [contact] = await findDocs(rep, 'contacts', { ownerId: repId });
  await expect.poll(async () => (await findDocs(manager, 'contacts', { id: contact!.id })).length).toBe(1);
  const [repName, managerName] = [await nameOf(rep), await nameOf(manager)];

  // The rep, with no signal, changes the job title on the phone.
  await goOffline(repPhone, rep);
  const repTitle = `Rep's title ${Date.now()}`;
  await rep.evaluate(
    async ([id, title]) => {
      const doc = await (window as unknown as { __crmSync: { db: { contacts: { findOne(id: string): { exec(): Promise<{ incrementalPatch(p: object): Promise<unknown> }> } } } } }).__crmSync.db.contacts
        .findOne(id)
        .exec();
      await doc.incrementalPatch({ title, updatedAt: new Date().toISOString() });
    },
    [contact!.id, repTitle] as const,
  );
  // Meanwhile the manager changes it through the form, online.
  const managerTitle = `Manager's title ${Date.now()}`;
  await manager.goto(`/contacts/edit?id=${contact!.id}`);
  await manager.getByRole('textbox', { name: 'Job title' }).fill(managerTitle);
  await manager.getByRole('button', { name: 'Save changes' }).click();
  await expect(manager.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(status(manager)).toContainText('Synced');

  // Signal again: the rep's change lost; the rep's contact says so, and who and when.
  await repPhone.setOffline(false);
  await rep.evaluate(() => window.dispatchEvent(new Event('online')));
  await rep.goto(`/contacts/view?id=${contact!.id}`);
  await expect(rep.getByText('one change made on this device lost to another change')).toBeVisible({ timeout: 20_000 });
  await rep.getByRole('link', { name: 'Review conflicts' }).first().click();
  const lost = rep.getByRole('article');
  await expect(lost).toContainText(`${managerName} changed the title on `);
  await expect(lost).toContainText('before your change reached the server. Their value is in use.');
  await expect(lost).toContainText(repTitle);
  await expect(lost.getByRole('button', { name: 'Keep my value' })).toBeVisible();

  // The manager, still on the contact they saved, is told live (the stream's notices event),
  // and in the conflicts view, whose value theirs replaced.
  await expect(manager).toHaveURL(new RegExp(`/contacts/view\\?id=${contact!.id}`));
  await expect(manager.getByText('your change replaced a value someone else set at the same time')).toBeVisible({ timeout: 20_000 });
  await manager.getByRole('link', { name: 'Review conflicts' }).first().click();
  const kept = manager.getByRole('article');
  await expect(kept).toContainText(`${repName} also changed the title on their device (`);
  await expect(kept).toContainText('Your value stayed; theirs was set aside.');
  await expect(kept.getByText('Their value (set aside)')).toBeVisible();
  await expect(kept).toContainText(repTitle);

  // The manager uses the rep's value: it reaches the rep's phone.
  await kept.getByRole('button', { name: 'Use their value' }).click();
  await expect(manager.getByText('No conflicts to review.')).toBeVisible();
  await expect.poll(async () => (await findDocs(rep, 'contacts', { id: contact!.id }))[0]?.title, { timeout: 20_000 }).toBe(repTitle);
  // The rep's conflict now says their value is in use, with nothing left to choose.
  await expect(lost).toContainText('Your value is in use now');
  await expect(lost.getByRole('button', { name: 'Keep my value' })).toHaveCount(0);
  await lost.getByRole('button', { name: 'Done' }).click();
  await expect(rep.getByText('No conflicts to review.')).toBeVisible();
  await repPhone.close();
  await managerPhone.close();
});
