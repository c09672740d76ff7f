// Issue 18, item 3: a person who forgot their password resets it by a mailed single-use link,
// on a phone, from the sign-in page; the devices signed in with the old password are signed out.
import { alertWith, DEMO_PASSWORD, SIGNED_OUT, signInWithApi, signInWithUi } from './fixtures/auth';
import { expect, test } from './fixtures/tenant';

test.use({ storageState: SIGNED_OUT, viewport: { width: 360, height: 740 } });

const NEW_PASSWORD = 'lantern orchard seven bells';

test('a rep resets a forgotten password by the mailed link; other sessions end and the link works once', async ({ page, browser, tenant, playwright, baseURL }) => {
  const email = tenant.logins.rep;
  // Another device, signed in with the old password.
  const other = await playwright.request.newContext({ baseURL });
  expect((await signInWithApi(other, email)).ok()).toBe(true);
  expect((await other.get('/api/auth/me')).status()).toBe(200);

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  // The sign-in page has an Email field too: fill only once the navigation has landed.
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await page.locator('html[data-hydrated]').waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Check your email' })).toBeVisible();
  // The e2e server keeps mail in the development outbox, which the page links to.
  await page.getByRole('link', { name: `open the mail sent to ${email}` }).click();
  const mail = page.getByRole('article').filter({ hasText: `To ${email}` }).first();
  const link = /http\S+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(await mail.innerText())?.[0];
  expect(link).toBeTruthy();
  const path = new URL(link!).pathname;

  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await page.locator('html[data-hydrated]').waitFor();
  const field = page.getByLabel('New password');
  await expect(field).toHaveAttribute('autocomplete', 'new-password');
  // A weak password is refused with the reason, and the link stays usable.
  await field.fill('password');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(alertWith(page, /password/i)).toBeVisible();
  await field.fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password is changed' })).toBeVisible();

  // The other device is signed out.
  expect((await other.get('/api/auth/me')).status()).toBe(401);
  await other.dispose();

  // The old password no longer works; the new one does.
  await signInWithUi(page, email, DEMO_PASSWORD);
  await expect(alertWith(page, /not right|didn|match/i)).toBeVisible();
  await signInWithUi(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/today$/);

  // The link was used. (Opened on a fresh device: signing this one out would race the open page's own redirect to sign-in.)
  const fresh = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  const again = await fresh.newPage();
  await again.goto(path);
  await expect(again.getByRole('heading', { level: 1, name: 'This link is not valid' })).toBeVisible();
  await fresh.close();
});
