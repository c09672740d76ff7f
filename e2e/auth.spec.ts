import AxeBuilder from '@axe-core/playwright';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { alertWith, DEMO_PASSWORD, enrollFromPage, SIGNED_OUT, signInWithApi, signInWithUi, totpCode } from './fixtures/auth';
import { accountButton, openAccountMenu, signOutFromMenu } from './fixtures/account';

test.describe('sign-in and sessions', () => {
  test.use({ storageState: SIGNED_OUT });

  test('a rep signs in without 2FA; sign-out wipes local data and kills the token on the server', async ({ page, context, baseURL }) => {
    await page.goto('/today');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftoday$/);
    const password = page.getByLabel('Password');
    await expect(password).toHaveAttribute('autocomplete', 'current-password');
    await signInWithUi(page, 'rep@acme.test');
    await expect(page).toHaveURL(/\/today$/);
    await expect(accountButton(page)).toHaveAccessibleName(/\(rep, Acme\)/);

    const session = (await context.cookies()).find((c) => c.name === 'crm.session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // Offline data as RxDB would keep it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('crm-local-test', 1);
          req.onupgradeneeded = () => req.result.createObjectStore('docs');
          req.onsuccess = () => {
            req.result.close();
            resolve();
          };
          req.onerror = () => reject(req.error);
        }),
    );
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('crm-local-test');

    await signOutFromMenu(page);
    await expect(page).toHaveURL(/\/sign-in$/);
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('crm-local-test');

    // A copy of the signed-out token is dead at once.
    const stolen = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `crm.session=${session?.value}` } });
    expect((await stolen.get('/api/auth/me')).status()).toBe(401);
    await stolen.dispose();
  });

  test('an admin is forced through enrollment, and later signs in with a recovery code', async ({ page }) => {
    await signInWithUi(page, 'admin@acme.test');
    await expect(page).toHaveURL(/\/enroll$/);
    // Before enrolling, the server refuses everything else, not just the UI.
    const blocked = await page.request.get('/api/admin/members');
    expect(blocked.status()).toBe(403);
    expect((await blocked.json()).error.code).toBe('mfa_required');
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/enroll$/);

    const { recoveryCodes } = await enrollFromPage(page);
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
    expect((await page.request.get('/api/admin/members')).status()).toBe(200);

    await signOutFromMenu(page);
    await expect(page).toHaveURL(/\/sign-in$/);
    await signInWithUi(page, 'admin@acme.test');
    await expect(page).toHaveURL(/\/sign-in\/verify$/);
    expect((await page.request.get('/api/admin/members')).status()).toBe(403);
    const code = page.getByLabel('Code', { exact: true });
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await code.fill('123456');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(alertWith(page, 'not right')).toBeVisible();
    await code.fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/\/today$/);
    expect((await page.request.get('/api/admin/members')).status()).toBe(200);
  });

  test('repeated wrong passwords lock the account with 429 and Retry-After; messages are generic', async ({ page, request }) => {
    await signInWithUi(page, 'nobody@acme.test', 'whatever-password');
    const generic = await alertWith(page, /\S/).innerText();
    expect(generic).toMatch(/do not match/);
    for (let i = 0; i < 5; i++) {
      await signInWithUi(page, 'manager@globex.test', `wrong-password-${i}`);
      // Same words as for an unknown email: nothing tells whether the account exists.
      await expect(alertWith(page, /\S/)).toHaveText(generic);
    }
    // Locked now, even with the right password.
    await signInWithUi(page, 'manager@globex.test');
    await expect(alertWith(page, 'Too many failed attempts')).toBeVisible();
    const res = await signInWithApi(request, 'manager@globex.test');
    expect(res.status()).toBe(429);
    expect(Number(res.headers()['retry-after'])).toBeGreaterThan(60);
  });

  test('role checks on server routes: 401 signed out, 403 for a rep on admin routes, an auditor cannot write', async ({ playwright, baseURL }) => {
    const anon = await playwright.request.newContext({ baseURL });
    expect((await anon.get('/api/admin/members')).status()).toBe(401);
    await anon.dispose();

    const rep = await playwright.request.newContext({ baseURL });
    expect((await signInWithApi(rep, 'rep@globex.test')).status()).toBe(200);
    expect((await rep.get('/api/auth/me')).status()).toBe(200);
    const repMembers = await rep.get('/api/admin/members');
    expect(repMembers.status()).toBe(403);
    expect((await repMembers.json()).error.code).toBe('forbidden');
    await rep.dispose();

    const auditor = await playwright.request.newContext({ baseURL });
    expect((await signInWithApi(auditor, 'auditor@acme.test')).status()).toBe(200);
    expect((await auditor.get('/api/auth/me')).status()).toBe(200);
    expect((await auditor.put('/api/admin/settings', { data: { mfaRequiredRoles: [] } })).status()).toBe(403);
    expect((await auditor.post('/api/admin/invites', { data: { email: 'x@acme.test', role: 'rep' } })).status()).toBe(403);
    await auditor.dispose();
  });

  test('an owner invites by email; the link works once and never twice; the owner changes the role', async ({ page, browser, baseURL }) => {
    await signInWithUi(page, 'owner@globex.test');
    await enrollFromPage(page);
    await page.goto('/admin/users');
    await page.getByLabel('Email').fill('new.person@globex.test');
    await page.getByLabel('Role', { exact: true }).selectOption('rep');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Invitation sent' })).toBeVisible();
    const bad = await page.request.post('/api/admin/invites', { data: { email: 'not-an-email', role: 'rep' } });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.message).toMatch(/email/);

    await page.goto('/dev/outbox');
    const mail = page.getByRole('article').filter({ hasText: 'To new.person@globex.test' }).first();
    const link = /http\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(await mail.innerText())?.[0];
    expect(link).toBeTruthy();
    const path = new URL(link!).pathname;

    const guest = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const invitee = await guest.newPage();
    await invitee.goto(path);
    await expect(invitee.getByRole('heading', { level: 1 })).toHaveText('Join Globex');
    await invitee.getByLabel('Your name').fill('New Person');
    await invitee.getByLabel('Choose a password').fill('password123');
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(alertWith(invitee, 'most common')).toBeVisible();
    await invitee.getByLabel('Choose a password').fill('tangerine bicycle orbit 9');
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(invitee.getByRole('status').filter({ hasText: 'You have joined' })).toBeVisible();

    await invitee.goto(path);
    await expect(invitee.getByRole('heading', { level: 1 })).toHaveText('This invitation is not valid');
    const again = await invitee.request.post('/api/invites/accept', { data: { token: path.split('/').pop(), name: 'X', password: 'tangerine bicycle orbit 9' } });
    expect(again.status()).toBe(404);

    await signInWithUi(invitee, 'new.person@globex.test', 'tangerine bicycle orbit 9');
    await expect(invitee).toHaveURL(/\/today$/);
    await expect(accountButton(invitee)).toHaveAccessibleName(/\(rep, Globex\)/);
    await guest.close();

    await page.goto('/admin/users');
    await page.getByLabel('Role of New Person').selectOption('manager');
    await expect(page.getByRole('status').filter({ hasText: 'New Person is now manager' })).toBeVisible();
    // The last owner cannot demote themself.
    const members = (await (await page.request.get('/api/admin/members')).json()).members as { userId: string; email: string }[];
    const me = members.find((m) => m.email === 'owner@globex.test');
    expect((await page.request.patch(`/api/admin/members/${me?.userId}`, { data: { role: 'admin' } })).status()).toBe(409);
  });

  test('an admin deactivates a member, who can no longer sign in, and reactivates them', async ({ page, playwright, baseURL }) => {
    await signInWithUi(page, 'admin@globex.test');
    await enrollFromPage(page);
    await page.goto('/admin/users');
    const row = page.getByRole('row').filter({ hasText: 'auditor@globex.test' });
    await row.getByRole('button', { name: /^Deactivate/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'deactivated' })).toBeVisible();
    await expect(row.getByRole('cell', { name: 'Deactivated' })).toBeVisible();
    const api = await playwright.request.newContext({ baseURL });
    expect((await signInWithApi(api, 'auditor@globex.test')).status()).toBe(401);
    await row.getByRole('button', { name: /^Reactivate/ }).click();
    await expect(row.getByRole('cell', { name: 'Active' })).toBeVisible();
    expect((await signInWithApi(api, 'auditor@globex.test')).status()).toBe(200);
    await api.dispose();
  });

  test('a member of two organizations switches between them', async ({ page }) => {
    await signInWithUi(page, 'consultant@demo.test');
    await expect(page).toHaveURL(/\/today$/);
    await expect(accountButton(page)).toHaveAccessibleName(/\(rep, Acme\)/);
    await (await openAccountMenu(page)).getByLabel('Organization').selectOption({ label: 'Globex (manager)' });
    // The switch deletes this device's copy of Acme's data (the deletion waits for the first
    // sync's running writes), then loads the app anew: under load, more than the default 10 s.
    await expect(page).toHaveURL(/\/today$/);
    await expect(accountButton(page)).toHaveAccessibleName(/\(manager, Globex\)/, { timeout: 30_000 });
  });

  test('a new organization is created from the sign-in page: email, mailed link, then name and password; its owner must enroll', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Create an organization' }).click();
    // The sign-in page has an Email field too: fill only once the navigation has landed.
    await expect(page.getByRole('heading', { level: 1, name: 'Create an organization' })).toBeVisible();
    await page.getByLabel('Email').fill('peter@initech.test');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Check your email' })).toBeVisible();
    // The e2e server keeps mail in the development outbox, which the page links to.
    await page.getByRole('link', { name: 'open the mail sent to peter@initech.test' }).click();
    const mail = page.getByRole('article').filter({ hasText: 'To peter@initech.test' }).first();
    const link = /http\S+\/create-organization\/[A-Za-z0-9_-]{43}/.exec(await mail.innerText())?.[0];
    expect(link).toBeTruthy();
    await page.goto(new URL(link!).pathname);
    await page.getByLabel('Organization name').fill('Initech');
    await page.getByLabel('Your name').fill('Peter Gibbons');
    await page.getByLabel('Choose a password').fill('tps reports on friday');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await expect(page).toHaveURL(/\/enroll$/);
    await enrollFromPage(page);
    await expect(accountButton(page)).toHaveAccessibleName(/\(owner, Initech\)/);
  });

  test('sign-up answers an existing address exactly like a new one and never takes its password', async ({ request }) => {
    const existing = await request.post('/api/organizations', { data: { email: 'rep@acme.test', password: DEMO_PASSWORD, organizationName: 'Probe', name: 'Probe' } });
    const fresh = await request.post('/api/organizations', { data: { email: `nobody-${Date.now()}@acme.test` } });
    expect(existing.status()).toBe(202);
    expect(fresh.status()).toBe(202);
    expect(await existing.json()).toEqual(await fresh.json());
  });
});

test.describe('without JavaScript', () => {
  test.use({ storageState: SIGNED_OUT, javaScriptEnabled: false });

  test('the sign-in form posts (the password never reaches a URL), answers a wrong password and signs in', async ({ page }) => {
    await page.goto('/sign-in?next=%2Fcontacts');
    await page.getByLabel('Email').fill('rep@acme.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/sign-in\?error=credentials&next=%2Fcontacts$/);
    await expect(alertWith(page, 'do not match')).toBeVisible();
    await page.getByLabel('Email').fill('rep@acme.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/contacts$/);
    expect(page.url()).not.toContain('password');
  });

  test('forms that need JavaScript say so and cannot be submitted', async ({ page }) => {
    await page.goto('/sign-in/verify');
    // Chromium with scripts turned off by the test still parses <noscript> as text, so the note is checked in the HTML.
    expect(await (await page.request.get('/sign-in/verify')).text()).toMatch(/<noscript><p[^>]*>This form needs JavaScript/);
    await expect(page.getByRole('button', { name: /Continue/ })).toBeDisabled();
    await page.getByLabel('Code', { exact: true }).fill('123456');
    await page.getByLabel('Code', { exact: true }).press('Enter');
    await expect(page).toHaveURL(/\/sign-in\/verify$/);
  });
});

test('a signed-in code step uses each TOTP step once (replay refused over HTTP)', async ({ playwright, baseURL }) => {
  // owner@acme.test enrolls through the API, then tries to reuse the confirming code.
  const api = await playwright.request.newContext({ baseURL });
  await signInWithApi(api, 'owner@acme.test');
  const start = await (await api.post('/api/auth/totp/start', { data: {} })).json();
  const code = await totpCode(start.secret as string);
  expect((await api.post('/api/auth/totp/confirm', { data: { code } })).status()).toBe(200);
  const second = await playwright.request.newContext({ baseURL });
  await signInWithApi(second, 'owner@acme.test');
  const replay = await second.post('/api/auth/second-factor', { data: { code } });
  expect(replay.status()).toBe(422);
  const next = await second.post('/api/auth/second-factor', { data: { code: await totpCode(start.secret as string, 1) } });
  expect(next.status()).toBe(200);
  await api.dispose();
  await second.dispose();
});

test.describe('auth screens are accessible', () => {
  test.use({ storageState: SIGNED_OUT });

  for (const path of ['/sign-in', '/sign-in/verify', '/create-organization', '/create-organization/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '/invite/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']) {
    test(`${path} has no axe violations (WCAG 2.2 AA plus AAA contrast) and 44px controls`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      const small = await page.$$eval('a[href], button, input, select', (els) =>
        els.map((el) => ({ name: el.textContent?.trim() || el.getAttribute('name'), box: el.getBoundingClientRect() })).filter((e) => e.box.width < 44 || e.box.height < 44).map((e) => e.name),
      );
      expect(small).toEqual([]);
    });
  }
});
