import { expect, test as setup } from '@playwright/test';
import { REP_STATE, signInWithUi } from './fixtures/auth';
import { accountButton } from './fixtures/account';

// Signs in once as a rep (no second factor required) and saves the browser state, so specs
// about CRM screens start signed in.
setup('sign in as rep@acme.test', async ({ page }) => {
  await signInWithUi(page, 'rep@acme.test');
  await expect(page).toHaveURL(/\/today$/);
  await expect(accountButton(page)).toHaveAccessibleName(/\(rep, Acme\)/);
  await page.context().storageState({ path: REP_STATE });
});
