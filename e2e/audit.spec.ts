import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { SIGNED_OUT, signInWithApi, signInWithUi } from './fixtures/auth';
import { pushRenamedContact } from './fixtures/records';

test.describe('audit log', () => {
  test.use({ storageState: SIGNED_OUT });

  test('an auditor filters the log, verifies the chain and exports it; a rep may not', async ({ page, browser, baseURL }) => {
    await signInWithUi(page, 'auditor@acme.test');
    await expect(page).toHaveURL(/\/today$/);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
    // The auditor's own sign-in is in the tenant's chain.
    await page.getByLabel('Action').fill('auth.');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect(page).toHaveURL(/action=auth\./);
    await expect(page.getByRole('cell', { name: 'auth.sign_in.password' }).first()).toBeVisible();

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Chain intact' })).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export these entries as CSV' }).click()]);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    expect(text.split('\n')[0]).toContain('seq,occurred_at,actor_id');
    expect(text).toContain('auth.sign_in.password');

    // Bad filter input: one clear message tied to the field, no server error.
    await page.getByLabel('From').fill('yesterday');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The filter has a problem' })).toContainText('From: must be a date and time');
    await expect(page.getByLabel('From')).toHaveAttribute('aria-invalid', 'true');
    expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa']).analyze()).violations).toEqual([]);

    // The export and the verification are themselves audited.
    const api = await page.request.get('/api/audit?action=audit.');
    const actions = ((await api.json()).entries as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['audit.export', 'audit.verify']));

    // A rep, signed in through the API: no page, so no service worker still installing when
    // the context closes (closing one mid-install hung for 45 s once in CI).
    const rep = await browser.newContext({ storageState: SIGNED_OUT, baseURL });
    expect((await signInWithApi(rep.request, 'rep@acme.test')).ok()).toBe(true);
    expect((await rep.request.get('/api/audit')).status()).toBe(403);
    expect((await rep.request.post('/api/audit/verify', { data: {} })).status()).toBe(403);

    // The rep's edit of a contact reaches the auditor with each field's value before and after.
    const contactId = await pushRenamedContact(rep.request);
    await rep.close();
    await page.goto(`/audit?action=record.update&targetId=${contactId}`);
    await expect(page.getByRole('listitem').filter({ hasText: /^lastName: / })).toContainText(/Lovelace.*changed to.*Byron/);
    // The record is named, not only its id (issue 18: a readable audit log).
    const record = page.getByRole('row').filter({ hasText: 'record.update' }).first().getByRole('cell').nth(4);
    await expect(record).toContainText(/contacts .*Byron/);
    await expect(record).toContainText(contactId);
    expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa']).analyze()).violations).toEqual([]);
  });

  test('bad filters get a 422 naming the field', async ({ page }) => {
    // API only: a page still starting up (service worker, local database) when the test
    // ends made closing its context hang in CI.
    expect((await signInWithApi(page.request, 'auditor@acme.test')).ok()).toBe(true);
    const res = await page.request.get('/api/audit?limit=99999&from=nope');
    expect(res.status()).toBe(422);
    const body = await res.json();
    expect(body.error.message).toMatch(/limit/);
    expect(body.error.message).toMatch(/from/);
    expect((await page.request.get('/api/audit/export?format=xml')).status()).toBe(422);
  });
});
