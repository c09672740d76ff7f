import type { Page } from '@playwright/test';
import { findDocs, goOffline, ready, status, type SyncWindow } from './fixtures/local-db';
import { expect, signInTo, test } from './fixtures/tenant';

// Issue 18, item 1 (my work first), on a phone: a rep's lists hold their own work in the order
// they work it; a task they add is on the first screen; a task planned from a contact is on its
// timeline and in their tasks, linked back; a manager can widen the list to everyone's, with
// each owner named. Offline where a rep would be.

const PHONE = { width: 360, height: 740 };
test.use({ viewport: PHONE });

/** Types a day into a date field by its segments (the order of segments follows the locale). */
async function typeDay(page: Page, scope: ReturnType<Page['locator']>, day: Date) {
  for (const [segment, value] of [
    [/month/i, String(day.getMonth() + 1).padStart(2, '0')],
    [/day/i, String(day.getDate()).padStart(2, '0')],
    [/year/i, String(day.getFullYear())],
  ] as const) {
    await scope.getByRole('spinbutton', { name: segment }).focus();
    await page.keyboard.type(value);
  }
}

/** The ids of the tasks the page lists, in order. */
const listedTasks = (page: Page) => page.locator('[data-task]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')!));

test('my work first: own tasks in working order, a new task on the first screen, a task planned from a contact, everyone’s for a manager', async ({ browser, tenant }) => {
  test.setTimeout(180_000);
  const phone = await browser.newContext({ viewport: PHONE });
  await signInTo(phone, tenant, 'rep');
  const page = await phone.newPage();
  await ready(page, '/activities');
  const repId = await page.evaluate(() => (window as unknown as SyncWindow).__crmSync!.userId);

  // Only the rep's own and unassigned tasks, each saying whose; no choice of whose for a rep.
  await expect(page.locator('[data-task]').first()).toBeVisible();
  const shown = await listedTasks(page);
  const docs = new Map((await findDocs(page, 'activities', { id: { $in: shown } })).map((d) => [d.id, d]));
  expect(shown.every((id) => [repId, null].includes(docs.get(id)!.ownerId as string | null))).toBe(true);
  expect((await findDocs(page, 'activities', { kind: 'task', done: false, ownerId: { $nin: [repId, null] } })).length, 'the tenant has other people’s open tasks').toBeGreaterThan(0);
  await expect(page.locator('[data-task]').first()).toContainText('Owner: You');
  await expect(page.getByRole('button', { name: /Whose/ })).toHaveCount(0);
  // Working order: today's, then overdue (most recent first), then upcoming (soonest first).
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start.getTime() + 86_400_000).toISOString();
  const dues = shown.map((id) => String(docs.get(id)!.dueAt));
  const rank = (due: string) => (due >= start.toISOString() && due < end ? 0 : due < start.toISOString() ? 1 : 2);
  expect(dues.map(rank)).toEqual([...dues.map(rank)].sort());
  const overdue = dues.filter((d) => rank(d) === 1);
  expect(overdue).toEqual([...overdue].sort().reverse());
  expect(overdue.length, 'seeded overdue tasks').toBeGreaterThan(0);

  // The list starts on the phone's first screen.
  await expect(page.locator('[data-task]').first()).toBeInViewport();

  // Offline, a new task due next week: listed first, marked, on the first screen of the phone.
  await goOffline(phone, page);
  const subject = `Send the revised quote ${Date.now()}`;
  await page.getByRole('button', { name: 'New task' }).click();
  const newTask = page.getByRole('dialog', { name: 'New task' });
  await expect(newTask.getByRole('textbox', { name: 'Task' })).toBeFocused();
  await page.keyboard.type(subject);
  await typeDay(page, newTask, new Date(Date.now() + 7 * 86_400_000));
  await newTask.getByRole('button', { name: 'Add task' }).click();
  await expect(newTask).toHaveCount(0);
  const added = page.locator('[data-task]').first();
  await expect(added).toContainText(subject);
  await expect(added).toContainText('Just added');
  await expect(added).toBeInViewport();

  // A task planned from a contact's page: on its timeline, and in the list with a link back.
  const contact = (await findDocs(page, 'contacts', { ownerId: repId }))[0]!;
  const contactName = `${String(contact.firstName)} ${String(contact.lastName)}`.trim();
  await page.goto(`/contacts/view?id=${contact.id}`);
  await page.locator('html[data-hydrated]').waitFor();
  await page.getByRole('button', { name: 'Add a task' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox', { name: 'Subject' })).toHaveValue(`Follow up with ${contactName}`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Due date is required.')).toBeVisible();
  await typeDay(page, dialog, new Date());
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  const timeline = page.getByRole('list', { name: 'Activity' });
  await expect(timeline.getByRole('listitem').filter({ hasText: `Task: Follow up with ${contactName}` })).toContainText('by you');
  await page.goto('/today');
  const dueToday = page.getByRole('list', { name: 'Due today' }).locator('[data-task]').filter({ hasText: `Follow up with ${contactName}` });
  await expect(dueToday).toContainText('Owner: You');
  await dueToday.getByRole('link', { name: contactName }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/view\\?id=${contact.id}`));

  // Back online, the manager widens Activities to everyone's and sees the rep's task, named.
  await phone.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(status(page)).toContainText('Synced', { timeout: 30_000 });
  const office = await browser.newContext({ viewport: PHONE });
  await signInTo(office, tenant, 'manager');
  const manager = await office.newPage();
  await ready(manager, '/activities');
  const whose = manager.getByRole('button', { name: /Whose/ });
  await expect(whose).toContainText('Mine');
  await expect(manager.getByRole('status').filter({ hasText: /yours and unassigned/ })).toBeVisible();
  await whose.click();
  await manager.getByRole('option', { name: 'Everyone' }).click();
  await expect(manager.getByRole('status').filter({ hasText: /\d+ tasks?$/ })).toBeVisible();
  // Due today: among the first tasks listed, whoever owns the rest.
  const repsTask = manager.locator('[data-task]').filter({ hasText: `Follow up with ${contactName}` });
  await expect.poll(async () => repsTask.count(), { timeout: 30_000 }).toBe(1);
  await expect(repsTask).toContainText(/Owner: .+\(Test my-work rep\)/);
  // Back to the manager's own: the rep's task is not among them.
  await whose.click();
  await manager.getByRole('option', { name: 'Mine' }).click();
  await expect(manager.getByRole('status').filter({ hasText: /yours and unassigned/ })).toBeVisible();
  await expect(repsTask).toHaveCount(0);
});
