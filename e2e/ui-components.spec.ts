// Behaviour of components/ui that is ours (not React Aria's), driven by keyboard alone on
// the design-system page: error handling, confirmation, notifications, sorting, location.
import { expect, test, type Page } from '@playwright/test';
import { focusForTyping } from './fixtures/focus';

async function tabTo(page: Page, name: string | RegExp, role: Parameters<Page['getByRole']>[0] = 'button', max = 60) {
  const target = page.getByRole(role, { name, exact: typeof name === 'string' });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false)) return;
  }
  throw new Error(`could not reach ${role} "${String(name)}" with Tab`);
}

test.describe('components/ui by keyboard', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/design-system');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Design system');
    await page.locator('html[data-hydrated]').waitFor();
    // The catalog hydrates as one part, after the root: its controls are disabled until then
    // (components/ui/use-hydrated.ts), and a key pressed before would be lost.
    await expect(page.getByRole('button', { name: 'Save contact' })).toBeEnabled();
  });

  test('a form submitted with problems lists them, marks each field and focuses the first', async ({ page }) => {
    await tabTo(page, 'Save contact');
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert').filter({ hasText: /with this form/ });
    await expect(summary).toContainText('There are 3 problems');
    const name = page.getByRole('textbox', { name: 'Full name' });
    await expect(name).toBeFocused();
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription(/Enter the contact’s full name\./);
    await expect(page.getByRole('textbox', { name: 'Email' })).toHaveAccessibleDescription(/Enter an email address/);

    // Fix by keyboard only: type, then pick a stage from the Select with arrows and Enter.
    await page.keyboard.type('Ada Lovelace');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-an-email');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('listbox')).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /Qualified.*Deal stage|Deal stage.*Qualified/ })).toBeVisible();
    await tabTo(page, 'Save contact');
    await page.keyboard.press('Enter');
    await expect(summary).toContainText('There is 1 problem');
    await expect(page.getByRole('textbox', { name: 'Email' })).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('ada@example.com');
    await tabTo(page, 'Save contact');
    await page.keyboard.press('Enter');
    await expect(summary).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Contact saved on this device' })).toBeVisible();
  });

  test('the combobox filters as you type and takes the choice by keyboard; the date field takes digits', async ({ page }) => {
    const company = page.getByRole('combobox', { name: 'Company' });
    await focusForTyping(company);
    await page.keyboard.type('glo');
    await expect(page.getByRole('option')).toHaveText(['Globex']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(company).toHaveValue('Globex');

    const month = page.getByRole('spinbutton', { name: /month/i });
    await month.focus();
    await page.keyboard.type('03');
    await expect(month).toHaveAttribute('aria-valuenow', '3');
  });

  test('a confirmation dialog opens on Cancel, returns focus, and confirms only on its button', async ({ page }) => {
    const trigger = page.getByRole('button', { name: 'Delete deal' });
    await trigger.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Delete this deal?' });
    await expect(dialog).toBeVisible();
    // Enter by habit keeps the deal: the safe choice has focus.
    await expect(dialog.getByRole('button', { name: 'Keep it' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(trigger).toBeFocused();
    await expect(page.getByText('Last action: none yet')).toBeVisible();

    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Delete deal' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Last action: deleted the deal')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Notifications', exact: true }).getByRole('status')).toContainText('Deal moved to the bin');
    await expect(trigger).toBeFocused();
  });

  test('a dialog keeps focus inside, closes on Escape and gives focus back', async ({ page }) => {
    const trigger = page.getByRole('button', { name: 'New contact' });
    await trigger.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await expect(dialog).toBeVisible();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(trigger).toBeFocused();
  });

  test('the menu runs an action by keyboard and skips disabled items', async ({ page }) => {
    const trigger = page.getByRole('button', { name: 'Actions for Fleet renewal' });
    await trigger.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await expect(menu.getByRole('menuitem', { name: 'Export (needs a connection)' })).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('End');
    await expect(menu.getByRole('menuitem', { name: 'Archive' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(menu).toHaveCount(0);
    await expect(page.getByText('Last action: chose archive')).toBeVisible();
    await expect(trigger).toBeFocused();
  });

  test('notifications stay until dismissed; errors go to the alert region', async ({ page }) => {
    await page.getByRole('button', { name: 'Show a notification' }).press('Enter');
    await page.getByRole('button', { name: 'Show an error' }).press('Enter');
    const region = page.getByRole('region', { name: 'Notifications', exact: true });
    await expect(region.getByRole('status')).toContainText('Note: Changes saved on this device.');
    await expect(region.getByRole('alert')).toContainText('Problem: Could not reach the server.');
    await page.waitForTimeout(1500);
    await expect(region.getByRole('button', { name: /^Dismiss:/ })).toHaveCount(2);
    await region.getByRole('button', { name: 'Dismiss: Changes saved on this device.' }).press('Enter');
    await expect(region.getByRole('status')).toBeEmpty();
    await expect(region.getByRole('alert')).not.toBeEmpty();
  });

  test('table columns sort by keyboard and announce the direction; tabs switch with arrows', async ({ page }) => {
    const table = page.getByRole('grid', { name: 'Open deals' });
    const header = table.getByRole('columnheader', { name: /Amount/ });
    await header.focus();
    await page.keyboard.press('Enter');
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.getByRole('rowheader')).toHaveText(['Pilot, 10 seats', 'Support plan', 'Fleet renewal']);
    await page.keyboard.press('Enter');
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await expect(table.getByRole('rowheader')).toHaveText(['Fleet renewal', 'Support plan', 'Pilot, 10 seats']);

    await page.getByRole('tab', { name: 'Open deals' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Won deals' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByText('No won deals yet.')).toBeVisible();
  });

  test('breadcrumbs show where the user is and link back', async ({ page }) => {
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
    await expect(crumbs.getByRole('link', { name: 'Design system' })).toHaveAttribute('aria-current', 'page');
    await crumbs.getByRole('link', { name: 'Home' }).press('Enter');
    await expect(page).toHaveURL(/\/today$/);
  });

  test('checkbox and radio are reachable and set by keyboard', async ({ page }) => {
    const consent = page.getByRole('checkbox', { name: 'Agreed to receive emails' });
    await consent.focus();
    await page.keyboard.press('Space');
    await expect(consent).toBeChecked();
    const email = page.getByRole('radio', { name: 'Email' });
    await email.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'Phone' })).toBeChecked();
  });
});
