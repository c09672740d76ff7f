import { expect, test } from '@playwright/test';
import { alertWith, createOrganizationWithApi, SIGNED_OUT, signInWithUi, totpCode } from './fixtures/auth';

// The e2e server trusts one proxy hop (TRUSTED_PROXY_HOPS=1) and the tests play that proxy,
// so the X-Forwarded-For they send is the address the allowlist sees: the API calls below come
// "from" 203.0.113.5 while the browser's own requests come from the loopback address.
const OFFICE = { 'x-forwarded-for': '203.0.113.5' };

test.describe('IP allowlist', () => {
  test.use({ storageState: SIGNED_OUT });

  test('an owner restricts the organization to one network; other networks are refused with the reason', async ({ page }) => {
    // A fresh owner, created and signed in "from the office": the organization-creation limit
    // (10 per address per hour) is then not shared with the other specs' fresh owners.
    const email = `allowlist-${process.pid}-${Date.now()}@fresh.test`;
    const password = 'a long enough fresh password';
    await createOrganizationWithApi(page.request, { organizationName: 'Org allowlist', name: 'Owner allowlist', email, password }, OFFICE);
    const csrf = (await (await page.request.get('/api/auth/csrf', { headers: OFFICE })).json()) as { csrfToken: string };
    const signedIn = await page.request.post('/api/auth/callback/password', { form: { email, password, csrfToken: csrf.csrfToken, callbackUrl: '/today', json: 'true' }, headers: OFFICE });
    expect(signedIn.ok()).toBe(true);
    const start = await (await page.request.post('/api/auth/totp/start', { data: {}, headers: OFFICE })).json();
    expect((await page.request.post('/api/auth/totp/confirm', { data: { code: await totpCode(start.secret as string) }, headers: OFFICE })).status()).toBe(200);

    // A list without the saver's own address is refused: nobody locks themselves out.
    const lockout = await page.request.put('/api/admin/settings/ip-allowlist', { data: { ranges: ['198.51.100.0/24'] }, headers: OFFICE });
    expect(lockout.status()).toBe(409);
    expect((await lockout.json()).error.message).toContain('203.0.113.5');

    const saved = await page.request.put('/api/admin/settings/ip-allowlist', { data: { ranges: ['203.0.113.0/24'] }, headers: OFFICE });
    expect(saved.status()).toBe(200);
    expect((await page.request.get('/api/auth/me', { headers: OFFICE })).status()).toBe(200);

    // From the browser's network: the API and sync answer 403, admin pages send you to sign in.
    const refused = await page.request.get('/api/auth/me');
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe('ip_not_allowed');
    expect((await page.request.post('/api/sync/contacts/pull', { data: { limit: 1 } })).status()).toBe(403);
    await page.goto('/admin/settings');
    await expect(page).toHaveURL(/\/sign-in\?error=ip_not_allowed$/);
    await expect(alertWith(page, 'only allows sign-in from its approved networks')).toBeVisible();

    // Signing in again from here: the right password is told why; no session starts.
    await page.context().clearCookies();
    await signInWithUi(page, email, password);
    await expect(alertWith(page, 'only allows sign-in from its approved networks')).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
