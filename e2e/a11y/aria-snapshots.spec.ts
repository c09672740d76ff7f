// Accessible names and roles of the key flows, as a screen reader gets them (Playwright ARIA
// snapshots). A renamed button, a lost label or a role change fails here.
import { expect, test } from '@playwright/test';

test.describe('ARIA snapshots of key flows', () => {
  test('the app banner: product name expanded, home link and account; the main navigation with the current page', async ({ page }) => {
    await page.goto('/contacts');
    await page.locator('html[data-hydrated]').waitFor();
    await expect(page.getByRole('banner')).toMatchAriaSnapshot(`
      - banner:
        - link "CRM-AI, home"
        - status
        - button /account \\(rep, Acme\\)/
    `);
    // Desktop width: the side navigation, every screen (on a phone, More holds the rest).
    await expect(page.getByRole('navigation', { name: 'Main' })).toMatchAriaSnapshot(`
      - navigation "Main":
        - list:
          - listitem:
            - link "Today"
          - listitem:
            - link "Contacts"
          - listitem:
            - link "Companies"
          - listitem:
            - link "Deals"
          - listitem:
            - link "Activities"
        - list:
          - listitem:
            - link "Conflicts"
          - listitem:
            - link "Import and export"
    `);
    await expect(page.getByRole('link', { name: 'Contacts' })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('abbr[title="customer relationship management"]')).toHaveText('CRM');
  });

  test('a form with errors: summary, invalid fields with their messages, labelled controls', async ({ page }) => {
    await page.goto('/design-system');
    await page.locator('html[data-hydrated]').waitFor();
    await expect(page.getByRole('navigation', { name: 'Breadcrumbs' })).toMatchAriaSnapshot(`
      - navigation "Breadcrumbs":
        - list "Breadcrumbs":
          - listitem:
            - link "Home"
          - listitem:
            - link "Design system"
    `);
    await page.getByRole('button', { name: 'Save contact' }).press('Enter');
    await expect(page.getByRole('region', { name: 'Form fields' })).toMatchAriaSnapshot(`
      - region "Form fields":
        - heading "Form fields" [level=2]
        - alert:
          - heading "There are 3 problems with this form" [level=3]
          - list:
            - listitem: Enter the contact’s full name.
            - listitem: Enter an email address, for example ada@example.com.
            - listitem: Choose the stage this deal is in.
        - form "Form fields":
          - textbox "Full name (required)" [invalid]
          - textbox "Email (required)" [invalid]
          - button "Choose a stage Deal stage (required)"
          - group:
            - combobox "Company"
            - button "Show suggestions Company"
          - group "Follow-up date":
            - spinbutton "month, Follow-up date"
            - spinbutton "day, Follow-up date"
            - spinbutton "year, Follow-up date"
          - radiogroup "Preferred channel":
            - radio "Email" [checked]
            - radio "Phone"
            - radio "Visit"
          - checkbox "Agreed to receive emails"
          - textbox "Notes"
          - button "Save contact"
          - button "Clear the form"
    `);
  });

  test('a destructive action asks first, with the safe choice named and focused', async ({ page }) => {
    await page.goto('/design-system');
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByRole('button', { name: 'Delete deal' }).press('Enter');
    await expect(page.getByRole('alertdialog')).toMatchAriaSnapshot(`
      - alertdialog "Delete this deal?":
        - heading "Delete this deal?" [level=2]
        - paragraph: The deal moves to the bin, where you can restore it for 30 days.
        - button "Keep it"
        - button "Delete deal"
    `);
    await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  });
});
