import { expect, test, type Locator } from '@playwright/test';
import { accountButton } from './fixtures/account';
import { REP_STATE, SIGNED_OUT, signInAsFreshOwner } from './fixtures/auth';
import { focusForTyping } from './fixtures/focus';
import { BASE_URL } from './fixtures/servers';
import { CrmClient } from '../sdk/src';

// The developer portal (issue 19): an owner makes an API key with the keyboard only (focus and
// keys, no clicks), sees its token once, uses it as an integration would (fetch, no browser
// session), rotates it and revokes it; each old token is refused at once.

async function press(locator: Locator, key = 'Enter') {
  await locator.focus();
  await locator.press(key);
}

/** An API v1 call with a key, as another system makes it: no cookies, only the Authorization header. */
function callApi(token: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${BASE_URL}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

test.describe('developer portal as an owner', () => {
  test.use({ storageState: SIGNED_OUT });

  test('make a key by keyboard, use its token once shown, rotate it, revoke it', async ({ page }) => {
    // A budget for a long keyboard flow with API calls beside it, not a speed check.
    test.setTimeout(120_000);
    await signInAsFreshOwner(page, 'developers');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });

    // The administration area lists the portal for owners; it opens by keyboard.
    await page.goto('/today');
    await page.locator('html[data-hydrated]').waitFor();
    await press(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Developers' }));
    await expect(page).toHaveURL(/\/developers$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Developers' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'API keys' })).toHaveAttribute('aria-selected', 'true');
    await page.locator('html[data-hydrated]').waitFor();

    // Name, then Tab through the scope grid (resource by resource, read before write) to contacts.
    const keyName = `Spec key ${Date.now()}`;
    const name = page.getByRole('textbox', { name: /^Name/ });
    await focusForTyping(name);
    await page.keyboard.type(keyName);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('checkbox', { name: 'Read companies' })).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('checkbox', { name: 'Read contacts' })).toBeFocused();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('checkbox', { name: 'Write contacts' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(page.getByRole('checkbox', { name: 'Read contacts' })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'Write contacts' })).toBeChecked();
    await press(page.getByRole('button', { name: 'Create key' }));

    // The token, once: focus lands on it, in a read-only field, with the warning and a Copy button.
    await expect(page.getByRole('heading', { name: `Token of the new key “${keyName}”` })).toBeFocused();
    const tokenField = page.getByRole('textbox', { name: 'Token', exact: true });
    await expect(tokenField).toHaveValue(/^crm_[A-Za-z0-9_-]{43}$/);
    await expect(tokenField).toHaveAttribute('readonly', '');
    await expect(page.getByText('it will not be shown again')).toBeVisible();
    const token = await tokenField.inputValue();
    await press(page.getByRole('button', { name: 'Copy token' }));
    await expect(page.getByRole('status').filter({ hasText: 'Token copied to the clipboard.' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

    // The token works from outside the browser: a contact is created, then listed.
    const lastName = `Portal-${Date.now()}`;
    const created = await callApi(token, '/contacts', { firstName: 'Ada', lastName });
    expect(created.status, await created.clone().text()).toBe(201);
    const contact = (await created.json()) as { id: string; lastName: string };
    expect(contact.lastName).toBe(lastName);
    const listed = await callApi(token, `/contacts?lastName=${encodeURIComponent(lastName)}`);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: { id: string }[] }).data.map((c) => c.id)).toEqual([contact.id]);
    // The SDK over HTTP against the running server: a create, read back at its version, and both
    // contacts found by following the cursor one record per page.
    const crm = new CrmClient({ baseUrl: BASE_URL, apiKey: token });
    const { record: viaSdk, etag } = await crm.contacts.create({ firstName: 'Grace', lastName });
    expect((await crm.contacts.get(viaSdk.id)).etag).toBe(etag);
    const found: string[] = [];
    for await (const c of crm.contacts.iterate({ lastName, limit: 1, sort: 'id' })) found.push(c.id);
    expect(found).toEqual([contact.id, viaSdk.id].sort());

    // Hidden when stored, and never shown again: not after a reload either.
    await press(page.getByRole('button', { name: 'I have stored it, hide it' }));
    await expect(tokenField).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Keys of your organization' })).toBeFocused();
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor();
    await expect(page.getByRole('textbox', { name: 'Token', exact: true })).toHaveCount(0);
    expect(await page.content()).not.toContain(token);
    const card = page.locator('[data-api-key]').filter({ has: page.getByRole('heading', { name: keyName }) });
    await expect(card).toContainText('Contacts: read and write');
    await expect(card).toContainText(token.slice(0, 12));
    // Its last use (the calls above) is shown with when and from where.
    await expect(card).not.toContainText('Never used');

    // Rotate, after confirming: a new token, once; the old one is refused at once.
    await press(card.getByRole('button', { name: `Rotate ${keyName}` }));
    const confirmRotate = page.getByRole('alertdialog', { name: `Rotate the key “${keyName}”?` });
    await expect(confirmRotate.getByRole('button', { name: 'Keep it' })).toBeFocused();
    await press(confirmRotate.getByRole('button', { name: 'Rotate key' }));
    await expect(page.getByRole('heading', { name: `New token of the key “${keyName}”` })).toBeFocused();
    const rotated = await page.getByRole('textbox', { name: 'Token', exact: true }).inputValue();
    expect(rotated).toMatch(/^crm_/);
    expect(rotated).not.toBe(token);
    expect((await callApi(token, '/contacts')).status).toBe(401);
    expect((await callApi(rotated, '/contacts')).status).toBe(200);

    // Revoke the new key, after confirming: its token is refused too, and it can no longer be rotated or revoked.
    const revoke = page.getByRole('button', { name: `Revoke ${keyName}` });
    await expect(revoke).toHaveCount(1);
    await press(revoke);
    await press(page.getByRole('alertdialog', { name: `Revoke the key “${keyName}”?` }).getByRole('button', { name: 'Revoke key' }));
    await expect(page.getByRole('status').filter({ hasText: `The key “${keyName}” is revoked` })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Keys of your organization' })).toBeFocused();
    expect((await callApi(rotated, '/contacts')).status).toBe(401);
    await expect(page.getByRole('button', { name: `Revoke ${keyName}` })).toHaveCount(0);
    await expect(page.locator('[data-api-key]').filter({ hasText: 'Revoked: refused from now on' })).toHaveCount(2);
  });

  test('the API reference is rendered from the OpenAPI document', async ({ page }) => {
    await signInAsFreshOwner(page, 'reference');
    await page.goto('/developers/reference');
    await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
    const list = page.getByRole('region', { name: 'Parameters of “List contacts”' });
    await expect(list.getByRole('rowheader', { name: 'limit' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: 'Create a contact' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Download the OpenAPI document (JSON)' })).toHaveAttribute('href', '/api/v1/openapi.json');
    const document = await fetch(`${BASE_URL}/api/v1/openapi.json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });
});

test.describe('developer portal as a rep', () => {
  test.use({ storageState: REP_STATE });

  test('a rep gets the not-allowed screen, no navigation link, and a 403 from the API', async ({ page }) => {
    await page.goto('/developers');
    await expect(page.getByRole('heading', { level: 1, name: 'Developers' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Your role does not allow this page' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'API keys' })).toHaveCount(0);
    // The administration links appear once the account is known: wait for it, then look.
    await accountButton(page).waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Developers' })).toHaveCount(0);
    expect((await page.request.get('/api/developers/keys')).status()).toBe(403);
  });
});
