// The states each page is audited in. Every page found by routes.ts must have an entry here
// (coverage.spec.ts fails otherwise), so whoever adds a screen also says which of its states
// matter: empty, filled, form errors shown, each dialog and menu open, offline.
import { randomUUID } from 'node:crypto';
import { expect, request, type Page } from '@playwright/test';
import { signInAsFreshOwner, signInWithApi } from '../fixtures/auth';
import { focusForTyping } from '../fixtures/focus';
import { inviteLink, OTHER_ACCOUNT, resetLink, signInAs, SIGNED_IN_ACCOUNT, signupLink } from '../fixtures/mailed-links';
import { pushRenamedContact } from '../fixtures/records';
import type { Role } from '../../lib/auth/roles';
import { accountButton, openAccountMenu } from '../fixtures/account';

export interface A11yState {
  name: string;
  /** Brings a freshly loaded page into this state and waits until it is there. */
  setup?: (page: Page) => Promise<void>;
  /**
   * A modal is open: the keyboard walk expects focus to stay inside it (that is containment,
   * not a trap) and checks that Escape closes it.
   */
  modal?: boolean;
  /**
   * A list box or menu is open and holds focus: Tab would close it, so instead of a full
   * keyboard walk the focused option itself is checked.
   */
  popover?: boolean;
  /**
   * axe rules that cannot apply in this state, with the reason; shown in the report. They
   * still run in every other state. Use only for behaviour of a library we rely on.
   */
  axeDisabled?: { rules: string[]; reason: string };
}

export interface RouteEntry {
  /** Who is signed in for this page; 'anonymous' for sign-in and public pages. */
  role: Role | 'anonymous';
  /** The page only redirects; the scan checks it lands here and audits the target instead. */
  redirectsTo?: string;
  states: readonly A11yState[];
}

const initial: A11yState = { name: 'initial' };

/** The network drops: the offline banner (components/sync) must itself pass the audit. */
const offline: A11yState = {
  name: 'offline',
  setup: async (page) => {
    await page.context().setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event('offline')));
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
  },
};

/**
 * The server cannot be reached while the page loads (as with no signal): the account menu stays
 * as last seen, says it is offline, and says sign-out waits. The scan lifts the route before
 * the next state.
 */
const accountMenuOffline: A11yState = {
  name: 'account menu open with no connection',
  setup: async (page) => {
    await page.route('**/api/auth/me', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await expect(accountButton(page)).toHaveAccessibleName(/, offline\)/);
    await expect(await openAccountMenu(page)).toContainText('Sign out when you are back online.');
  },
};

/** The states every CRM list screen is audited in, plus its own. */
function crmScreen(...extra: A11yState[]): RouteEntry {
  return { role: 'rep', states: [initial, ...extra, offline] };
}

/**
 * Opens an overlay by keyboard, as a keyboard user would: focus then Enter. The button is
 * disabled until its part of the page has hydrated (components/ui/use-hydrated.ts): an Enter
 * pressed before that was dropped, once in a full CI run.
 */
async function openByButton(page: Page, name: string | RegExp, expectRole: 'dialog' | 'alertdialog' | 'menu' | 'listbox') {
  const button = page.getByRole('button', { name, exact: typeof name === 'string' });
  await expect(button).toBeEnabled();
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole(expectRole)).toBeVisible();
}

/** The id of a record the signed-in rep holds locally: one of their own, or someone else's. */
async function localRecordId(page: Page, collection: 'contacts' | 'companies' | 'deals', whose: 'mine' | 'someone else'): Promise<string> {
  await page.waitForFunction(() => Boolean((window as unknown as { __crmSync?: unknown }).__crmSync));
  const id = await page.evaluate(
    async ([name, mine]) => {
      const sync = (window as unknown as { __crmSync: { userId: string; db: Record<string, { findOne(q: unknown): { exec(): Promise<{ id: string } | null> } }> } }).__crmSync;
      const ownerId = mine ? sync.userId : { $nin: [sync.userId, null] };
      return (await sync.db[name]!.findOne({ selector: { ownerId } }).exec())?.id ?? null;
    },
    [collection, whose === 'mine'] as const,
  );
  expect(id, `a seeded ${collection} record (${whose})`).toBeTruthy();
  return id!;
}

/**
 * Opens the detail page of a record the signed-in rep holds locally: one of their own (Edit
 * and Delete offered), or someone else's (read only, with the reason).
 */
function recordOpen(collection: 'contacts' | 'companies' | 'deals', path: string, whose: 'mine' | 'someone else' = 'mine'): A11yState {
  return {
    name: whose === 'mine' ? 'a record' : "someone else's record (read only)",
    setup: async (page) => {
      await page.goto(`${path}?id=${await localRecordId(page, collection, whose)}`);
      await page.locator('html[data-hydrated]').waitFor();
      await expect(page.getByRole('button', { name: 'Log a call' })).toBeVisible();
      if (whose === 'someone else') await expect(page.getByText('Read only.')).toBeVisible();
      else await expect(page.getByRole('button', { name: 'Delete' })).toBeVisible();
    },
  };
}

/** A task planned from a contact's page: the dialog with its date field, after saving it empty. */
const taskDialogOpen: A11yState = {
  name: 'add a task dialog, errors shown',
  modal: true,
  setup: async (page) => {
    await recordOpen('contacts', '/contacts/view').setup!(page);
    await openByButton(page, 'Add a task', 'dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('dialog').getByText('Due date is required.')).toBeVisible();
  },
};

/** The Activities screen's "New task" dialog, submitted empty: both fields' errors shown. */
const newTaskDialogOpen: A11yState = {
  name: 'new task dialog, errors shown',
  modal: true,
  setup: async (page) => {
    await openByButton(page, 'New task', 'dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Add task' }).click();
    await expect(page.getByRole('dialog').getByText('Task is required.')).toBeVisible();
    await expect(page.getByRole('dialog').getByText('Due date is required.')).toBeVisible();
  },
};

/** The edit form opened for someone else's record: the reason instead of the form. */
function editRefused(collection: 'contacts' | 'companies' | 'deals', path: string): A11yState {
  return {
    name: "someone else's record (refused)",
    setup: async (page) => {
      await page.goto(`${path}?id=${await localRecordId(page, collection, 'someone else')}`);
      await page.locator('html[data-hydrated]').waitFor();
      await expect(page.getByRole('status').filter({ hasText: 'Only its owner or a manager' })).toBeVisible();
    },
  };
}

/**
 * The conflicts view with one of each kind it shows: a field both sides changed (one's own value
 * set aside, and another person's set aside by one's own), and a change the server refused
 * (with its reason). Fixed ids: running it again replaces them.
 */
const keptConflicts: A11yState = {
  name: 'conflicts of both sides and a refused change',
  setup: async (page) => {
    await page.waitForFunction(() => Boolean((window as unknown as { __crmSync?: unknown }).__crmSync));
    await page.evaluate(async () => {
      type Db = Record<string, { findOne(): { exec(): Promise<{ toJSON(): Record<string, unknown> & { id: string } } | null> }; bulkUpsert(d: unknown[]): Promise<unknown> }>;
      const db = (window as unknown as { __crmSync: { db: Db } }).__crmSync.db;
      const record = (await db.contacts!.findOne().exec())!.toJSON();
      const at = new Date().toISOString();
      const base = { collectionName: 'contacts', recordId: record.id, createdAt: at };
      await db.conflicts!.bulkUpsert([
        {
          ...base,
          id: `contacts|${record.id}|title|a11y`,
          kind: 'field',
          field: 'title',
          localValue: '"Head of field sales"',
          serverValue: JSON.stringify(record.title ?? null),
          otherName: 'Mia Manager',
          otherAt: at,
        },
        // Another person's value set aside because this person's stayed (a notice from the server).
        { ...base, id: 'notice|a11y', kind: 'field', field: 'phone', localValue: '"+44 20 7946 0000"', serverValue: JSON.stringify(record.phone ?? null), side: 'theirs', otherName: 'Bo Rep', otherAt: at },
        {
          ...base,
          id: `contacts|${record.id}|rejected|a11y`,
          kind: 'rejected',
          field: '*',
          localValue: JSON.stringify({ ...record, lastName: 'Changed on this phone', _deleted: false }),
          serverValue: JSON.stringify(record),
          reason: 'Only its owner or a manager can change this contact: it belongs to someone else.',
        },
      ]);
    });
    await expect(page.getByText('The server refused your change')).toBeVisible();
  },
};

/**
 * Opens a mailed link (`link` gives its path) signed out or signed in as `as`, and waits for the
 * page's heading: the link pages render a different branch for each (new address, the account
 * itself, signed out, someone else).
 */
function mailedLinkOpen(name: string, as: string | null, link: (page: Page) => Promise<string>, heading: string | RegExp): A11yState {
  return {
    name,
    setup: async (page) => {
      await signInAs(page, as);
      await page.goto(await link(page));
      await page.locator('html[data-hydrated]').waitFor();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    },
  };
}
const baseOf = (page: Page) => new URL(page.url()).origin;

/** A create form submitted empty: the error summary and inline errors. */
function formErrors(submit: string): A11yState {
  return {
    name: 'form errors shown',
    setup: async (page) => {
      await page.getByRole('button', { name: submit }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'with this form' })).toBeFocused();
    },
  };
}

/** Opens a tab of a page by keyboard once hydrated (a click before that is dropped) and waits for its panel. */
async function openTab(page: Page, name: string) {
  const tab = page.getByRole('tab', { name, exact: true });
  await tab.focus();
  await page.keyboard.press('Enter');
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

/** Ticks a React Aria checkbox by keyboard (its input is visually hidden inside the label). */
async function tick(page: Page, name: string) {
  const box = page.getByRole('checkbox', { name, exact: true });
  await box.focus();
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();
}

/**
 * The developer portal's states. The scanned owner's organization is shared by every owner page
 * and width, so what the states make (keys, webhooks) is named uniquely and piles up harmlessly.
 */
const developerStates: readonly A11yState[] = [
  {
    // Client-side validation only: the summary takes focus, each field says what is wrong.
    name: 'new key form submitted empty: error summary and field errors',
    setup: async (page) => {
      const create = page.getByRole('button', { name: 'Create key' });
      await expect(create).toBeEnabled();
      await create.click();
      await expect(page.getByRole('alert').filter({ hasText: 'with this form' })).toBeFocused();
      await expect(page.getByText('Choose at least one scope.').first()).toBeVisible();
    },
  },
  {
    name: "a created key's one-time token shown",
    setup: async (page) => {
      const name = page.getByRole('textbox', { name: /^Name/ });
      await focusForTyping(name);
      await name.fill(`Scanned key ${Date.now()}`);
      await tick(page, 'Read contacts');
      await page.getByRole('button', { name: 'Create key' }).click();
      await expect(page.getByRole('textbox', { name: 'Token', exact: true })).toHaveValue(/^crm_/);
      await expect(page.getByRole('heading', { name: /^Token of the new key/ })).toBeFocused();
    },
  },
  {
    // A public name: the server under test runs in production mode, where private targets are refused.
    name: 'webhooks tab: a new subscription, its one-time signing secret and its delivery log',
    setup: async (page) => {
      await openTab(page, 'Webhooks');
      const url = page.getByRole('textbox', { name: /^Endpoint address/ });
      await focusForTyping(url);
      await url.fill(`https://hooks.example.com/scan-${Date.now()}`);
      await tick(page, 'Created contacts');
      await tick(page, 'A workflow run failed');
      await page.getByRole('button', { name: 'Create webhook' }).click();
      await expect(page.getByRole('textbox', { name: 'Signing secret', exact: true })).toHaveValue(/\S/);
      await page.getByRole('button', { name: /^Show delivery log of / }).first().click();
      await expect(page.getByRole('heading', { name: 'Delivery log' }).first()).toBeVisible();
      await expect(page.locator('[data-loading]')).toHaveCount(0);
    },
  },
  {
    name: 'quick start tab, examples written for this address',
    setup: async (page) => {
      await openTab(page, 'Quick start');
      await expect(page.locator('pre').first()).toBeVisible();
      await expect(page.locator('pre').nth(1)).toContainText(`${new URL(page.url()).origin}/api/v1/contacts`);
    },
  },
];

/**
 * A contact of the signed-in owner's organization, pushed through sync and named uniquely: the
 * organization a state runs in is shared with other states and widths, so what they make piles
 * up harmlessly and each state finds its own.
 */
async function pushScannedContact(page: Page, label: string): Promise<{ id: string; lastName: string }> {
  const at = new Date().toISOString();
  const id = randomUUID();
  const lastName = `${label} ${id.slice(0, 8)}`;
  const contact = { id, firstName: 'Scanned', lastName, email: `scan-${id.slice(0, 8)}@example.com`, phone: null, title: null, companyId: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false };
  const pushed = await page.request.post('/api/sync/contacts/push', { data: [{ newDocumentState: contact }] });
  expect(pushed.ok(), await pushed.text()).toBe(true);
  return { id, lastName };
}

/** Searches the privacy page's contact finder by keyboard and waits for the match. */
async function findOnPrivacyPage(page: Page, lastName: string) {
  const search = page.getByRole('searchbox', { name: 'Name or email' });
  await focusForTyping(search);
  await search.fill(lastName);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Contacts found' })).toContainText(lastName);
}

/** The privacy requests page's states (issue 20): no requests, a search's matches, requests listed, the erasure asked to confirm. */
const privacyStates: readonly A11yState[] = [
  {
    // An organization of its own: the shared one has requests once any other state has run.
    name: 'no requests yet, no contact found',
    setup: async (page) => {
      await signInAsFreshOwner(page, 'a11y-privacy');
      await page.goto('/admin/privacy');
      await page.locator('html[data-hydrated]').waitFor();
      await accountButton(page).waitFor();
      await expect(page.getByText('No privacy requests yet', { exact: true })).toBeVisible();
      const search = page.getByRole('searchbox', { name: 'Name or email' });
      await focusForTyping(search);
      await search.fill('nobody-by-this-name');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('status').filter({ hasText: 'No contact matches “nobody-by-this-name”.' })).toBeVisible();
    },
  },
  {
    name: 'a search with matches, one contact chosen',
    setup: async (page) => {
      const label = `Privacy ${Date.now()}`;
      await pushScannedContact(page, label);
      const { lastName } = await pushScannedContact(page, label);
      await findOnPrivacyPage(page, label);
      await expect(page.getByRole('list', { name: 'Contacts found' }).getByRole('listitem')).toHaveCount(2);
      await page.getByRole('button', { name: `Choose Scanned ${lastName}` }).press('Enter');
      await expect(page.getByRole('heading', { name: `Chosen contact: Scanned ${lastName}` })).toBeFocused();
    },
  },
  {
    name: 'requests listed: an export and an erasure',
    setup: async (page) => {
      const exported = await pushScannedContact(page, 'Exported');
      const erased = await pushScannedContact(page, 'Erased');
      const made = await page.request.post('/api/admin/privacy/export', { data: { contactId: exported.id, format: 'json' } });
      expect(made.status(), await made.text()).toBe(200);
      const gone = await page.request.post('/api/admin/privacy/erase', { data: { contactId: erased.id, confirm: true } });
      expect(gone.status(), await gone.text()).toBe(200);
      await page.reload();
      await page.locator('html[data-hydrated]').waitFor();
      const table = page.getByRole('grid', { name: 'Privacy requests' });
      await expect(table.getByRole('row').filter({ hasText: erased.id })).toContainText('Erasure');
      await expect(table.getByRole('row').filter({ hasText: exported.id })).toContainText('Export');
    },
  },
  {
    name: 'erasure confirmation open',
    modal: true,
    setup: async (page) => {
      const { lastName } = await pushScannedContact(page, 'To erase');
      await findOnPrivacyPage(page, lastName);
      await page.getByRole('button', { name: `Choose Scanned ${lastName}` }).press('Enter');
      await openByButton(page, `Erase… Scanned ${lastName}`, 'alertdialog');
      await expect(page.getByRole('alertdialog', { name: `Erase Scanned ${lastName} everywhere?` })).toContainText('This cannot be undone.');
      await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
    },
  },
];

export const A11Y_STATES: Readonly<Record<string, RouteEntry>> = {
  '/': { role: 'rep', redirectsTo: '/today', states: [initial] },
  '/today': crmScreen(accountMenuOffline),
  '/contacts': crmScreen({
    name: 'a search that finds nothing (the empty state)',
    setup: async (page) => {
      await page.getByRole('searchbox', { name: 'Search contacts' }).fill('zzzz-nobody');
      await expect(page.getByRole('button', { name: 'Clear the search' })).toBeVisible();
    },
  }),
  // As a manager: the online search of the whole organization under the list (sync scopes).
  '/companies': {
    role: 'manager',
    states: [
      initial,
      {
        name: 'searched online',
        setup: async (page) => {
          await page.getByRole('searchbox', { name: 'Search companies' }).fill('an');
          const button = page.getByRole('button', { name: 'Search the whole organization for “an”' });
          await expect(button).toBeEnabled();
          await button.click();
          await expect(page.getByRole('status').filter({ hasText: /in the organization match/ })).toBeVisible();
        },
      },
      offline,
    ],
  },
  '/deals': crmScreen({
    name: 'searched, filters open',
    setup: async (page) => {
      await page.getByRole('searchbox', { name: 'Search deals' }).fill('contract');
      await expect(page.getByTestId('deal-count')).toHaveText(/match$/);
      await page.getByRole('button', { name: 'Sort and filter', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Sort and filter', exact: true })).toHaveAttribute('aria-expanded', 'true');
    },
  }, {
    name: 'value by stage (chart and table)',
    setup: async (page) => {
      await page.getByRole('tab', { name: 'Value by stage' }).click();
      await expect(page.getByRole('table', { name: /value by stage/ })).toBeVisible();
      await expect(page.locator('[data-loading]')).toHaveCount(0);
    },
  }, {
    name: "a deal card's stage menu open",
    popover: true,
    setup: async (page) => {
      // By keyboard, once hydrated (see openByButton).
      const button = page.locator('[data-deal-card]').first().getByRole('button', { name: /^Move to stage: / });
      await expect(button).toBeEnabled();
      await button.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('menu')).toBeVisible();
    },
  }),
  // As a manager: the "Whose" choice (a rep has none) and other people's names on their work.
  '/activities': { ...crmScreen(newTaskDialogOpen), role: 'manager' },
  // Detail pages opened without an id show "not found"; 'a record' opens a seeded one.
  '/contacts/view': crmScreen(recordOpen('contacts', '/contacts/view'), recordOpen('contacts', '/contacts/view', 'someone else'), taskDialogOpen),
  '/companies/view': crmScreen(recordOpen('companies', '/companies/view')),
  '/deals/view': crmScreen(recordOpen('deals', '/deals/view')),
  '/contacts/edit': crmScreen(formErrors('Create contact'), editRefused('contacts', '/contacts/edit')),
  '/companies/edit': crmScreen(formErrors('Create company')),
  '/deals/edit': crmScreen(formErrors('Create deal')),
  '/conflicts': crmScreen(keptConflicts),
  '/import-export': crmScreen(),
  // As an owner: the administration area is listed too; offline it stays, saying those pages need a connection.
  '/more': { role: 'owner', states: [initial, offline] },
  // The 404 page has no route of its own: it is what any unknown address shows.
  '/offline': {
    role: 'anonymous',
    states: [
      initial,
      {
        name: 'an address that does not exist (the 404 page)',
        setup: async (page) => {
          const res = await page.goto('/no-such-page');
          expect(res?.status()).toBe(404);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText('There is no page at this address');
        },
      },
    ],
  },
  '/sign-in': {
    role: 'anonymous',
    states: [
      initial,
      {
        name: 'form errors shown',
        setup: async (page) => {
          await page.getByLabel('Email').fill('nobody@acme.test');
          await page.getByLabel('Password').fill('not the password');
          await page.getByRole('button', { name: 'Sign in' }).click();
          await expect(page.getByRole('alert').filter({ hasText: /not right|didn|match/i })).toBeVisible();
        },
      },
    ],
  },
  '/sign-in/verify': { role: 'anonymous', states: [initial] },
  // Enrollment needs a signed-in owner who has not enrolled; signed out it sends you to sign in.
  '/enroll': { role: 'anonymous', redirectsTo: '/sign-in', states: [initial] },
  '/create-organization': {
    role: 'anonymous',
    states: [
      initial,
      {
        name: 'form errors shown',
        setup: async (page) => {
          await page.getByRole('button', { name: 'Email me a link' }).click();
          await expect(page.getByRole('alert').filter({ hasText: /./ }).first()).toBeVisible();
        },
      },
    ],
  },
  // The mailed sign-up link: the sample token is not a real one ("not valid"); the other states
  // open real links, one branch of the page each.
  '/create-organization/[token]': {
    role: 'anonymous',
    states: [
      initial,
      mailedLinkOpen('new account form', null, (page) => signupLink(page.request, 'new'), 'Create an organization'),
      mailedLinkOpen('existing account, signed in as it', SIGNED_IN_ACCOUNT, (page) => signupLink(page.request, SIGNED_IN_ACCOUNT), 'Add an organization to your account'),
      mailedLinkOpen('existing account, signed out', null, (page) => signupLink(page.request, OTHER_ACCOUNT), 'Add an organization to your account'),
      mailedLinkOpen('signed in as someone else', SIGNED_IN_ACCOUNT, (page) => signupLink(page.request, OTHER_ACCOUNT), 'Add an organization to your account'),
    ],
  },
  '/reset-password': {
    role: 'anonymous',
    states: [
      initial,
      {
        name: 'form errors shown',
        setup: async (page) => {
          await page.getByRole('button', { name: 'Email me a reset link' }).click();
          await expect(page.getByRole('alert').filter({ hasText: /./ }).first()).toBeVisible();
        },
      },
      {
        name: 'link mailed',
        setup: async (page) => {
          await page.getByLabel('Email').fill('nobody-here@acme.test');
          await page.getByRole('button', { name: 'Email me a reset link' }).click();
          await expect(page.getByRole('status').filter({ hasText: 'Check your email' })).toBeVisible();
        },
      },
    ],
  },
  // The mailed reset link: "not valid" for the sample token, then a real link (only viewed).
  '/reset-password/[token]': {
    role: 'anonymous',
    states: [initial, mailedLinkOpen('new password form', null, (page) => resetLink(page.request), 'Choose a new password')],
  },
  // Development outbox of sign-up mail (the e2e server sets MAIL_DEV_OUTBOX=1).
  '/dev/mail': {
    role: 'anonymous',
    states: [
      initial,
      {
        name: 'mail listed',
        setup: async (page) => {
          await signupLink(page.request, SIGNED_IN_ACCOUNT);
          await page.goto(`/dev/mail?to=${encodeURIComponent(SIGNED_IN_ACCOUNT)}`);
          await page.locator('html[data-hydrated]').waitFor();
          await expect(page.getByRole('article').first()).toContainText('/create-organization/');
        },
      },
    ],
  },
  // The invitation link: "not valid" for the sample token, then each branch with a real one.
  '/invite/[token]': {
    role: 'anonymous',
    states: [
      initial,
      mailedLinkOpen('new address form', null, (page) => inviteLink(baseOf(page), 'new'), /^Join /),
      mailedLinkOpen('existing account, signed in as it', SIGNED_IN_ACCOUNT, (page) => inviteLink(baseOf(page), SIGNED_IN_ACCOUNT), /^Join /),
      mailedLinkOpen('existing account, signed out', null, (page) => inviteLink(baseOf(page), SIGNED_IN_ACCOUNT), /^Join /),
      mailedLinkOpen('signed in as someone else', OTHER_ACCOUNT, (page) => inviteLink(baseOf(page), SIGNED_IN_ACCOUNT), /^Join /),
    ],
  },
  // Where a form that needs JavaScript lands when submitted anyway (app/api/forms/needs-javascript).
  '/needs-javascript': {
    role: 'anonymous',
    states: [
      initial,
      {
        name: 'reached by posting a form',
        setup: async (page) => {
          await page.goto('/sign-in/verify');
          // A native POST, as a form submitted before hydration or with JavaScript off sends it.
          await page.evaluate(() => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = '/api/forms/needs-javascript';
            document.body.append(form);
            form.submit();
          });
          await expect(page).toHaveURL(/\/needs-javascript\?back=%2Fsign-in%2Fverify$/);
          await page.locator('html[data-hydrated]').waitFor();
          await expect(page.getByRole('link', { name: 'Back to the form' })).toHaveAttribute('href', '/sign-in/verify');
        },
      },
    ],
  },
  '/account/security': { role: 'rep', states: [initial] },
  '/admin/users': { role: 'owner', states: [initial] },
  '/admin/settings': {
    role: 'owner',
    states: [
      initial,
      {
        // Client-side validation only: nothing is saved, so the scan never locks itself out.
        name: 'allowlist errors shown',
        setup: async (page) => {
          await page.getByLabel('IP addresses and ranges, one per line').fill('10.0.0.0/8\n300.1.1.1');
          await page.getByRole('button', { name: 'Save allowed networks' }).click();
          await expect(page.getByRole('alert').filter({ hasText: 'one line needs fixing' })).toBeVisible();
        },
      },
      {
        // A preview only counts: nothing is saved, so the shared organization keeps its data.
        name: 'data retention previewed',
        setup: async (page) => {
          const activities = page.getByRole('textbox', { name: /^Keep activities for \(days\)/ });
          await focusForTyping(activities);
          await activities.fill('30');
          await page.getByRole('button', { name: 'Preview what would be removed' }).click();
          await expect(page.getByRole('status').filter({ hasText: 'Enforcing this policy now would remove' })).toBeVisible();
        },
      },
    ],
  },
  '/admin/health': { role: 'owner', states: [initial] },
  '/developers': { role: 'owner', states: [initial, ...developerStates] },
  '/admin/privacy': { role: 'owner', states: [initial, ...privacyStates] },
  // Rendered on the server from the OpenAPI document: one still page.
  '/developers/reference': { role: 'owner', states: [initial] },
  '/dev/outbox': { role: 'owner', states: [initial] },
  '/audit': {
    role: 'auditor',
    states: [
      initial,
      {
        name: 'form errors shown',
        setup: async (page) => {
          await page.getByLabel('From').fill('yesterday');
          await page.getByRole('button', { name: 'Apply filter' }).click();
          await expect(page.getByRole('alert').filter({ hasText: 'The filter has a problem' })).toBeVisible();
        },
      },
      {
        name: 'a record change with its values before and after',
        setup: async (page) => {
          // The demo data has no record changes yet: a rep makes one through the API.
          const rep = await request.newContext({ baseURL: new URL(page.url()).origin });
          expect((await signInWithApi(rep, 'rep@acme.test')).ok()).toBe(true);
          const contactId = await pushRenamedContact(rep);
          await rep.dispose();
          await page.goto(`/audit?action=record.update&targetId=${contactId}`);
          await expect(page.getByRole('listitem').filter({ hasText: /^lastName: / })).toContainText(/Lovelace.*changed to.*Byron/);
        },
      },
    ],
  },
  '/admin/workflows': {
    role: 'owner',
    states: [
      initial,
      {
        name: 'builder of a new workflow',
        setup: async (page) => {
          await page.getByLabel('New workflow name').fill(`Scan ${Date.now()}`);
          await page.keyboard.press('Enter');
          await expect(page.getByRole('heading', { level: 1, name: 'Workflow builder' })).toBeVisible();
        },
      },
      {
        // The scanned owner's organization is shared by every owner page and width: the state syncs in its own pipeline, company and deals, named uniquely.
        name: 'builder with a company found by name for a condition, and records found for a test run',
        setup: async (page) => {
          const at = new Date().toISOString();
          const stamp = Date.now();
          const pipelineId = randomUUID();
          const company = { id: randomUUID(), name: `Scanned Harbour ${stamp}`, domain: null, industry: null, phone: null, address: null, city: null, country: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false };
          const pipeline = { id: pipelineId, name: 'Scanned sales', position: 0, stages: [{ id: 'lead', name: 'Lead', probability: 10 }], createdAt: at, updatedAt: at, _deleted: false };
          const deals = [1, 2].map((n) => ({ id: randomUUID(), name: `Scanned Harbour deal ${n} ${stamp}`, pipelineId, stageId: 'lead', amountCents: 100_000, currency: 'EUR', closeDate: null, status: 'open', companyId: company.id, contactId: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false }));
          for (const [collection, docs] of [['pipelines', [pipeline]], ['companies', [company]], ['deals', deals]] as const) {
            const pushed = await page.request.post(`/api/sync/${collection}/push`, { data: docs.map((newDocumentState) => ({ newDocumentState })) });
            expect(pushed.ok(), await pushed.text()).toBe(true);
          }
          await page.getByLabel('New workflow name').fill(`Picker ${stamp}`);
          await page.keyboard.press('Enter');
          await expect(page.getByRole('heading', { name: 'Settings: trigger' })).toBeVisible();
          await page.getByLabel('Start this workflow', { exact: true }).selectOption('record');
          await page.getByLabel('Records', { exact: true }).selectOption('deals');
          await page.getByRole('button', { name: 'Add filter' }).click();
          await page.getByLabel('Condition 1 field', { exact: true }).selectOption('companyId');
          await page.getByLabel('Find a company by name for Condition 1 value').fill(company.name);
          await page.getByRole('button', { name: 'Find company for Condition 1 value' }).click();
          await expect(page.getByRole('group', { name: 'Condition 1 value' })).toContainText(`Chosen company: ${company.name}`);
          await page.getByLabel('Find a deals record by name').fill(String(stamp));
          await page.getByRole('button', { name: 'Find', exact: true }).click();
          await expect(page.getByLabel('Record to test with').locator('option')).toHaveCount(2);
        },
      },
      {
        name: 'an archived workflow, in the builder then in the list',
        setup: async (page) => {
          await page.getByLabel('New workflow name').fill(`Retired ${Date.now()}`);
          await page.keyboard.press('Enter');
          await page.getByRole('button', { name: 'Archive workflow' }).click();
          await expect(page.getByRole('button', { name: 'Restore workflow' })).toBeVisible();
          await page.goto('/admin/workflows');
          await expect(page.getByRole('heading', { name: /^Archived workflows/ })).toBeVisible();
        },
      },
    ],
  },
  // Opened with an id that does not exist: the builder's "not found" answer.
  '/admin/workflows/[id]': { role: 'owner', states: [initial] },
  // Every component in every state and the tokens: a still page, walked once per width.
  '/design-system/foundations': { role: 'rep', states: [initial] },
  '/design-system': {
    role: 'rep',
    states: [
      initial,
      {
        name: 'form errors shown',
        setup: async (page) => {
          await page.getByRole('button', { name: 'Save contact' }).click();
          await expect(page.getByRole('alert').filter({ hasText: 'problems with this form' })).toBeVisible();
        },
      },
      { name: 'select open', popover: true, setup: (page) => openByButton(page, /Deal stage/, 'listbox') },
      {
        name: 'combobox open',
        popover: true,
        axeDisabled: {
          rules: ['aria-hidden-focus', 'page-has-heading-one', 'region'],
          reason:
            'While its list is open, React Aria’s ComboBox hides everything except the input and the list from screen readers (ariaHideOutside), so axe sees no h1, no landmarks and focusable elements under aria-hidden. Tab or Escape closes the list and removes aria-hidden before focus moves (keyboard walk of the other states; ui-components.spec.ts).',
        },
        setup: async (page) => {
          const company = page.getByRole('combobox', { name: 'Company' });
          await focusForTyping(company);
          await page.keyboard.type('a');
          await expect(page.getByRole('listbox')).toBeVisible();
          await page.keyboard.press('ArrowDown');
        },
      },
      { name: 'menu open', popover: true, setup: (page) => openByButton(page, 'Actions for Fleet renewal', 'menu') },
      { name: 'dialog open', modal: true, setup: (page) => openByButton(page, 'New contact', 'dialog') },
      { name: 'confirmation open', modal: true, setup: (page) => openByButton(page, 'Delete deal', 'alertdialog') },
      {
        name: 'notifications shown',
        setup: async (page) => {
          await page.getByRole('button', { name: 'Show a notification' }).click();
          await page.getByRole('button', { name: 'Show an error' }).click();
          await expect(page.getByRole('button', { name: /^Dismiss:/ })).toHaveCount(2);
        },
      },
      {
        name: 'empty table tab',
        setup: async (page) => {
          await page.getByRole('tab', { name: 'Won deals' }).click();
          await expect(page.getByText('No won deals yet.')).toBeVisible();
        },
      },
      offline,
    ],
  },
};
