import type { Page } from '@playwright/test';
import { expect, signInTo, test } from './fixtures/tenant';

// An edit made offline survives a reload, and reaches a second browser of the same tenant
// within seconds of going back online (through push, NOTIFY, the SSE stream and pull).

type SyncWindow = { __crmSync?: { db: { contacts: { insert(d: unknown): Promise<unknown>; findOne(id: string): { exec(): Promise<{ toJSON(): Record<string, unknown> } | null> } } } } };

const status = (page: Page) => page.getByRole('status').filter({ hasText: /Synced|Syncing|Offline|Sync problem|Signed out|Preparing/ });

async function ready(page: Page) {
  await page.goto('/contacts');
  await expect(status(page)).toContainText('Synced', { timeout: 30_000 });
  await page.waitForFunction(() => Boolean((window as unknown as SyncWindow).__crmSync));
}

async function contactIn(page: Page, id: string) {
  return page.evaluate(async (contactId) => {
    const doc = await (window as unknown as SyncWindow).__crmSync!.db.contacts.findOne(contactId).exec();
    return doc ? doc.toJSON() : null;
  }, id);
}

test('an offline edit survives a reload and reaches another browser of the tenant', async ({ browser, tenant }) => {
  const phone = await browser.newContext();
  const desk = await browser.newContext();
  await signInTo(phone, tenant, 'rep');
  await signInTo(desk, tenant, 'rep');
  const a = await phone.newPage();
  const b = await desk.newPage();
  await ready(a);
  await ready(b);

  // No signal: the edit is kept locally and shown as waiting.
  await phone.setOffline(true);
  await expect(status(a)).toContainText('Offline');
  const id = await a.evaluate(async () => {
    const now = new Date().toISOString();
    const contact = {
      id: crypto.randomUUID().replace(/^(.{14})./, '$17'), // any valid UUID is accepted; v7 shape for realism
      firstName: 'Offline',
      lastName: `Edit ${Date.now()}`,
      email: null,
      phone: null,
      title: 'Written with no signal',
      companyId: null,
      ownerId: null,
      createdAt: now,
      updatedAt: now,
    };
    await (window as unknown as SyncWindow).__crmSync!.db.contacts.insert(contact);
    return contact.id;
  });
  await expect(status(a)).toContainText('1 change waiting to sync');

  // Reload with the change still unsent. With a service worker the page reloads offline;
  // without one (this branch) the API stays unreachable while the page itself reloads.
  const controlled = await a.evaluate(() => Boolean(navigator.serviceWorker?.controller));
  if (!controlled) {
    await a.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
    await phone.setOffline(false);
  }
  await a.reload();
  await a.waitForFunction(() => Boolean((window as unknown as SyncWindow).__crmSync));
  expect(await contactIn(a, id)).toMatchObject({ firstName: 'Offline', title: 'Written with no signal' });
  // The reloaded page still says the change is waiting.
  await expect(status(a)).toContainText('1 change waiting to sync');
  expect(await contactIn(b, id)).toBeNull();

  // Signal again: the desk sees it within seconds, without reloading.
  if (!controlled) await a.unroute('**/api/sync/**');
  await phone.setOffline(false);
  await a.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect.poll(() => contactIn(b, id), { timeout: 10_000 }).toMatchObject({ firstName: 'Offline', title: 'Written with no signal' });
  await expect(status(a)).toContainText('Synced');
  await phone.close();
  await desk.close();
});
