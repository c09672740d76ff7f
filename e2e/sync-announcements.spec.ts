// Issue 18, item 6: a screen reader hears one polite announcement per lasting change of the sync
// state, never one per document. Each incoming change was read out four times ("Syncing",
// "Synced"…) through the header's live status.
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { signInWithApi } from './fixtures/auth';
import { expect, signInTo, test } from './fixtures/tenant';

type W = { __crmSync?: { db: { contacts: { findOne(id: string): { exec(): Promise<unknown> } } } }; __heard?: string[]; __phases?: string[] };

const status = (page: Page) => page.getByRole('status').filter({ hasText: /Synced|Syncing|Offline|Sync problem|Signed out|Preparing/ });
/** How long the test waits for an announcement that must not come: the announcer's delay (1.5 s) and a margin. */
const SETTLE_MS = 2500;

test('incoming changes are not announced; going offline is, once', async ({ browser, tenant, playwright, baseURL }) => {
  const phone = await browser.newContext();
  await signInTo(phone, tenant, 'rep');
  const page = await phone.newPage();
  await page.goto('/contacts');
  await expect(status(page)).toContainText('Synced', { timeout: 30_000 });
  const announcer = page.locator('[data-sync-announcer]');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');
  await expect(announcer).toHaveText('Synced');
  // The visible status is found by role and read on request, but is not itself live.
  await expect(status(page)).toHaveAttribute('aria-live', 'off');
  await page.evaluate(() => {
    const w = window as unknown as W;
    const el = document.querySelector('[data-sync-announcer]')!;
    w.__heard = [];
    new MutationObserver(() => w.__heard!.push(el.textContent ?? '')).observe(el, { subtree: true, childList: true, characterData: true });
    // The states the visible status went through, to prove the changes did pass through "syncing".
    const shown = document.querySelector('[data-sync-phase]')!;
    w.__phases = [];
    new MutationObserver(() => w.__phases!.push(shown.getAttribute('data-sync-phase') ?? '')).observe(shown, { attributes: true, attributeFilter: ['data-sync-phase'] });
  });
  const heard = () => page.evaluate(() => (window as unknown as W).__heard);

  // Three contacts written by a colleague arrive live.
  const colleague = await playwright.request.newContext({ baseURL });
  expect((await signInWithApi(colleague, tenant.logins.manager)).ok()).toBe(true);
  for (let i = 0; i < 3; i++) {
    const at = new Date().toISOString();
    const id = randomUUID();
    const contact = { id, firstName: 'Live', lastName: `Arrival ${i}`, email: null, phone: null, title: null, companyId: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false };
    expect((await colleague.post('/api/sync/contacts/push', { data: [{ newDocumentState: contact }] })).ok()).toBe(true);
    await expect.poll(() => page.evaluate(async (contactId) => Boolean(await (window as unknown as W).__crmSync!.db.contacts.findOne(contactId).exec()), id)).toBe(true);
  }
  await colleague.dispose();
  await page.waitForTimeout(SETTLE_MS);
  expect(await page.evaluate(() => (window as unknown as W).__phases)).toContain('syncing');
  expect(await heard()).toEqual([]);

  // Losing the network lasts: one announcement.
  await phone.setOffline(true);
  await expect(announcer).toHaveText('Offline: changes are kept on this device');
  await page.waitForTimeout(SETTLE_MS);
  expect(await heard()).toEqual(['Offline: changes are kept on this device']);
  await phone.close();
});
