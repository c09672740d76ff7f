import { createHmac, randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SIGNED_OUT, signInAsFreshOwner } from './fixtures/auth';

// Builds the issue's example workflow with the keyboard only (focus + keys, no clicks, no
// dragging) through the outline and the settings forms, then publishes it.
// Signed in as the owner of an organization of its own (admins and owners pass 2FA first).
test.use({ storageState: SIGNED_OUT });

/** The builder's visible save state (the same words are also read out, from a hidden live region). */
const saveState = (page: Page) => page.getByRole('toolbar', { name: 'Workflow actions' }).getByText('All changes saved');

async function press(locator: Locator, key = 'Enter') {
  await locator.focus();
  await locator.press(key);
}

async function choose(page: Page, label: string | RegExp, value: string | { label: string | RegExp }, scope: Page | Locator = page) {
  const select = scope.getByLabel(label, { exact: typeof label === 'string' });
  await select.focus();
  if (typeof value === 'string') await select.selectOption(value);
  else {
    const options = await select.locator('option').allTextContents();
    const match = options.find((o) => (typeof value.label === 'string' ? o.includes(value.label) : value.label.test(o)));
    await select.selectOption({ label: match ?? '' });
  }
}

/**
 * "Add after <after>" (on a condition's <branch>), of <type>, by keyboard. The builder
 * then moves focus to the new step's settings on the next frame: wait for that before typing.
 */
async function addStep(page: Page, after: string, type: string, name: string, branch?: 'true' | 'false') {
  // A step's buttons say their visible text first, then the step (WCAG 2.5.3 label in name).
  await press(page.getByRole('button', { name: after === 'trigger' ? 'Add step after trigger' : `Add after ${after}` }));
  if (branch) await choose(page, 'Branch', branch);
  await choose(page, 'Step type', type);
  await press(page.getByRole('button', { name: 'Add step', exact: true }));
  await expect(page.getByRole('heading', { name: `Settings: ${name}` })).toBeFocused();
}

test('build, publish and see the negotiation follow-up with the keyboard only', async ({ page }) => {
  // A long keyboard-only flow (build, publish, move a deal, read the run history): 49-65 s with
  // two browsers on two cores, so 60 s was no margin. A budget, not a speed check.
  test.setTimeout(150_000);
  // Never delivered here (the run parks on its two-day wait). A public name: the server under
  // test runs in production mode, where a loopback or private target is refused at publish.
  const hookUrl = 'https://hooks.example.com/deal-desk';

  await signInAsFreshOwner(page, 'workflows');
  // A fresh organization has no pipeline yet: one arrives by sync, and its stages are what the
  // builder offers for stage conditions (picked by name; the workflow stores the stage id).
  const at = new Date().toISOString();
  const pipelineId = randomUUID();
  const stages = [
    { id: 'lead', name: 'Lead', probability: 10 },
    { id: 'negotiation', name: 'Negotiation', probability: 60 },
  ];
  const pushed = await page.request.post('/api/sync/pipelines/push', {
    data: [{ newDocumentState: { id: pipelineId, name: 'Sales', position: 0, stages, createdAt: at, updatedAt: at, _deleted: false } }],
  });
  expect(pushed.ok()).toBe(true);
  await page.goto('/admin/workflows');
  await expect(page.getByRole('heading', { level: 1, name: 'Workflows' })).toBeVisible();
  const name = page.getByLabel('New workflow name');
  await name.focus();
  await page.keyboard.type('Negotiation follow-up');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Workflow builder' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Settings: trigger' })).toBeVisible();

  // Trigger: deals updated, stage changed to negotiation AND amount > 50,000.00.
  await choose(page, 'Start this workflow', 'record');
  await choose(page, 'Records', 'deals');
  await press(page.getByRole('button', { name: 'Add filter' }));
  await choose(page, 'Condition 1 field', 'stageId');
  await choose(page, 'Condition 1 comparison', 'changed_to');
  await choose(page, 'Condition 1 value', { label: 'Negotiation (Sales)' });
  await expect(page.getByLabel('Condition 1 value')).toHaveValue('negotiation');
  await press(page.getByRole('button', { name: 'Add condition' }));
  await choose(page, 'Condition 2 field', 'amountCents');
  await choose(page, 'Condition 2 comparison', 'gt');
  await page.getByLabel('Condition 2 value').focus();
  await page.keyboard.type('5000000');

  // Step 1: a task for a named member.
  await addStep(page, 'trigger', 'create_record', 'Create task 1');
  await expect(page.getByRole('status').filter({ hasText: 'Added "Create task 1" after "Trigger"' })).toBeAttached();
  // A fresh organization has one member, its owner.
  await choose(page, 'For', { label: '(owner)' });

  // Step 2: wait 2 days.
  await addStep(page, 'Create task 1', 'wait', 'Wait 1');
  await page.getByLabel('Amount').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('2');
  await choose(page, 'Unit', 'days');

  // Step 3: still in negotiation?
  await addStep(page, 'Wait 1', 'condition', 'Condition 1');
  await choose(page, 'Condition 1 field', 'stageId');
  await choose(page, 'Condition 1 value', { label: 'Negotiation (Sales)' });

  // Yes: a signed webhook. No: stop.
  await addStep(page, 'Condition 1', 'webhook', 'Webhook 1', 'true');
  const url = page.getByLabel('URL');
  await url.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(hookUrl);
  await press(page.getByText('New signing secret'));
  await page.getByLabel('Secret name').focus();
  await page.keyboard.type('Deal desk');
  await page.getByLabel('Secret value (at least 16 characters)').focus();
  await page.keyboard.type('a-long-signing-secret-value');
  await press(page.getByRole('button', { name: 'Save secret' }));
  await expect(page.getByLabel('Signing secret')).not.toHaveValue('');

  await addStep(page, 'Condition 1', 'stop', 'Stop 1', 'false');

  await expect(page.getByText('No problems found.')).toBeVisible();
  await expect(saveState(page)).toBeVisible({ timeout: 15_000 });
  // Read out once the saves have settled, not at each edit.
  await expect(page.locator('[data-save-announcer]')).toHaveText('All changes saved');

  // Undo and redo by keyboard shortcut (focus outside text fields).
  await page.getByRole('heading', { name: 'Outline' }).focus();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(page.getByRole('heading', { level: 3, name: /Stop 1/ })).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(page.getByRole('heading', { level: 3, name: /Stop 1/ })).toHaveCount(1);

  await press(page.getByRole('button', { name: 'Publish' }));
  await expect(page.getByText('Live: version 1')).toBeVisible({ timeout: 15_000 });

  // The draft survives a reload (autosaved on the server), and the run history is there.
  await page.reload();
  await expect(page.getByRole('heading', { name: /Still|Condition 1/ }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Run history' })).toBeVisible();
  const scan = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa']).analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Trigger it the way a rep would: move a 60,000.00 deal to Negotiation on the board, by
  // keyboard. The deal arrives by sync.
  const builderUrl = page.url();
  const workflowId = /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(builderUrl)![0];
  // The builder stays open in its own tab: its run history shows the run without a reload.
  const builder = await page.context().newPage();
  await builder.goto(builderUrl);
  const liveHistory = builder.locator('section', { has: builder.getByRole('heading', { name: 'Run history' }) });
  await expect(liveHistory.getByText('No runs yet.')).toBeVisible();
  const deal = { id: randomUUID(), name: 'Harbour renewal', pipelineId, stageId: 'lead', amountCents: 6_000_000, currency: 'EUR', closeDate: null, status: 'open', companyId: null, contactId: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false };
  expect((await page.request.post('/api/sync/deals/push', { data: [{ newDocumentState: deal }] })).ok()).toBe(true);
  await page.goto('/deals');
  const move = page.getByRole('button', { name: 'Move to stage: Harbour renewal' });
  await move.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Enter'); // the only other stage: Negotiation
  await expect(page.locator('section[data-stage]', { has: page.locator(`[data-deal-card="${deal.id}"]`) }).getByRole('heading', { level: 2 })).toHaveText('Negotiation');

  // The move syncs and raises the trigger in the same transaction; the server's workers run the
  // condition and the task step and park the run on its two-day wait.
  await expect
    .poll(async () => ((await (await page.request.get(`/api/workflows/${workflowId}/runs`)).json()) as { runs: { status: string }[] }).runs.map((r) => r.status), { timeout: 30_000 })
    .toEqual(['waiting']);
  await expect(liveHistory.getByRole('listitem').first()).toContainText(/^waiting — version 1/, { timeout: 15_000 });
  await expect(liveHistory.getByRole('status')).toHaveText('1 new run.');
  await builder.close();
  await page.goto(builderUrl);
  const history = page.locator('section', { has: page.getByRole('heading', { name: 'Run history' }) });
  await expect(history.getByRole('listitem').first()).toContainText(/^waiting — version 1/);

  // A test run with that deal, found by its name rather than typed as an id; one letter is
  // refused beside the field, with the server's rule, before any request.
  await page.getByLabel('Find a deals record by name').focus();
  await page.keyboard.type('H');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Find a deals record by name')).toHaveAccessibleDescription('Type at least 2 characters.');
  await page.keyboard.type('arbour');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '1 found; “Harbour renewal” chosen in Record to test with.' })).toBeAttached();
  await expect(page.getByLabel('Record to test with')).toHaveValue(deal.id);
  await expect(page.getByLabel('Record to test with').locator('option')).toHaveText(['Harbour renewal']);
  await press(page.getByRole('button', { name: 'Run test' }));
  await expect(page.getByText(/The run would end:/)).toBeVisible();

  // Cancelled by keyboard: the button goes with the status, focus stays in that run.
  const run = history.getByRole('listitem').first();
  await press(run.getByRole('button', { name: 'Cancel run' }));
  await expect(history.getByRole('status')).toHaveText('Run cancelled');
  await expect(run).toContainText(/^cancelled/);
  await expect(run.getByRole('button', { name: 'Show steps' })).toBeFocused();
});

test('pipelines and records are picked by name, never typed as ids, and shown by name after a reload', async ({ page }) => {
  await signInAsFreshOwner(page, 'pickers');
  const at = new Date().toISOString();
  const pipelineId = randomUUID();
  const company = { id: randomUUID(), name: 'Harbour Logistics', domain: null, industry: null, address: null, city: null, country: null, phone: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false };
  const pushed = await Promise.all([
    page.request.post('/api/sync/pipelines/push', { data: [{ newDocumentState: { id: pipelineId, name: 'Field sales', position: 0, stages: [{ id: 'lead', name: 'Lead', probability: 10 }], createdAt: at, updatedAt: at, _deleted: false } }] }),
    page.request.post('/api/sync/companies/push', { data: [{ newDocumentState: company }] }),
  ]);
  for (const r of pushed) expect(r.ok(), await r.text()).toBe(true);
  await page.goto('/admin/workflows');
  await page.getByLabel('New workflow name').focus();
  await page.keyboard.type('Harbour deals');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Settings: trigger' })).toBeVisible();
  // At 1280 px the outline and the canvas sit side by side, the canvas in the first screen.
  await page.setViewportSize({ width: 1280, height: 800 });
  const outline = (await page.getByRole('heading', { name: 'Outline' }).boundingBox())!;
  const canvas = (await page.getByRole('group', { name: 'Workflow canvas' }).boundingBox())!;
  expect(canvas.x, 'the canvas is right of the outline').toBeGreaterThan(outline.x + outline.width);
  expect(canvas.y, 'the canvas starts in the top half of the first screen').toBeLessThan(400);
  await choose(page, 'Start this workflow', 'record');
  await choose(page, 'Records', 'deals');
  await press(page.getByRole('button', { name: 'Add filter' }));
  await choose(page, 'Condition 1 field', 'pipelineId');
  await choose(page, 'Condition 1 value', { label: 'Field sales' });
  await expect(page.getByLabel('Condition 1 value')).toHaveValue(pipelineId);
  await press(page.getByRole('button', { name: 'Add condition' }));
  await choose(page, 'Condition 2 field', 'companyId');
  const find = page.getByLabel('Find a company by name for Condition 2 value');
  await find.focus();
  await page.keyboard.type('harb');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '1 found; “Harbour Logistics” chosen in Condition 2 value.' })).toBeAttached();
  const value = page.getByRole('group', { name: 'Condition 2 value' });
  await expect(value).toContainText('Chosen company: Harbour Logistics');
  await expect(page.getByText('No problems found.')).toBeVisible();
  await expect(saveState(page)).toBeVisible({ timeout: 15_000 });

  // Stored as the id, shown by name again once read back.
  const workflowId = /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(page.url())![0];
  const saved = (await (await page.request.get(`/api/workflows/${workflowId}`)).json()) as { workflow: { draft: { trigger: { filter: { conditions: { field: string; value: unknown }[] } } } } };
  expect(saved.workflow.draft.trigger.filter.conditions.map((c) => [c.field, c.value])).toEqual([
    ['pipelineId', pipelineId],
    ['companyId', company.id],
  ]);
  // A lookup that fails says why and is tried again, never shown as "no such company".
  await page.route('**/api/records/companies/*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { message: 'Service unavailable' } }) }));
  await page.reload();
  await expect(page.getByRole('group', { name: 'Condition 2 value' })).toContainText('Could not look up the company: Service unavailable');
  await page.unroute('**/api/records/companies/*');
  await press(page.getByRole('button', { name: 'Try again to look up the company of Condition 2 value' }));
  await expect(page.getByRole('group', { name: 'Condition 2 value' })).toContainText('Chosen company: Harbour Logistics');

  // Cleared by keyboard: focus goes to the search, where another is found.
  await press(page.getByRole('button', { name: 'Clear Condition 2 value' }));
  await expect(page.getByRole('group', { name: 'Condition 2 value' })).toContainText('No company chosen');
  await expect(page.getByLabel('Find a company by name for Condition 2 value')).toBeFocused();

  // Another field starts from no value: a company is never shown, or kept, as a contact.
  await page.keyboard.type('harb');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Condition 2 value' })).toContainText('Chosen company: Harbour Logistics');
  await choose(page, 'Condition 2 field', 'contactId');
  await expect(page.getByRole('group', { name: 'Condition 2 value' })).toContainText('No contact chosen');
  await expect(page.getByRole('group', { name: 'Condition 2 value' }).getByRole('status')).toHaveText('');
});

test('an incoming-webhook workflow: URL and signing secret in the trigger settings, a signed POST starts a run', async ({ page }) => {
  await signInAsFreshOwner(page, 'hooks');
  await page.goto('/admin/workflows');
  await page.getByLabel('New workflow name').focus();
  await page.keyboard.type('Inbound orders');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Settings: trigger' })).toBeVisible();
  await choose(page, 'Start this workflow', 'webhook');
  const url = await page.getByLabel('Webhook URL').inputValue();
  expect(url).toMatch(/\/api\/hooks\/workflows\/[0-9a-f-]{36}$/);
  await press(page.getByRole('button', { name: 'Create signing secret' }));
  const secretField = page.getByLabel('Signing secret (shown once)');
  await expect(secretField).toHaveValue(/^whsec_/);
  const secret = await secretField.inputValue();
  const scan = await new AxeBuilder({ page }).include('form[aria-label="Trigger settings"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa']).analyze();
  expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  await addStep(page, 'trigger', 'stop', 'Stop 1');
  await expect(saveState(page)).toBeVisible({ timeout: 15_000 });
  await press(page.getByRole('button', { name: 'Publish' }));
  await expect(page.getByText('Live: version 1')).toBeVisible({ timeout: 15_000 });

  const body = JSON.stringify({ order: 'E2E-1' });
  const t = Math.floor(Date.now() / 1000);
  const signature = `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
  const bad = await page.request.post(url, { headers: { 'content-type': 'application/json', 'x-crm-signature': `t=${t},v1=00` }, data: body });
  expect(bad.status()).toBe(401);
  const ok = await page.request.post(url, { headers: { 'content-type': 'application/json', 'x-crm-signature': signature }, data: body });
  expect(ok.status()).toBe(202);
  const replay = await page.request.post(url, { headers: { 'content-type': 'application/json', 'x-crm-signature': signature }, data: body });
  expect(replay.status()).toBe(409);

  // Switched off by keyboard: said plainly, and a signed call starts nothing; on again, it does.
  const post = (order: string) => {
    const b = JSON.stringify({ order });
    const at = Math.floor(Date.now() / 1000);
    const sig = `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${b}`).digest('hex')}`;
    return page.request.post(url, { headers: { 'content-type': 'application/json', 'x-crm-signature': sig }, data: b });
  };
  const on = page.getByRole('checkbox', { name: 'Workflow on' });
  await expect(on).toBeChecked();
  // Read-only while it saves, never disabled: focus stays on the switch (the answer held back).
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/enabled', async (route) => {
    await held;
    await route.continue();
  });
  await press(on, 'Space');
  await expect(on).toHaveAttribute('aria-readonly', 'true');
  await expect(on).toBeFocused();
  release();
  await expect(on).not.toBeChecked();
  await expect(on).toBeFocused();
  await page.unroute('**/enabled');
  await expect(page.getByRole('status').filter({ hasText: 'Workflow turned off: no new runs start; runs already started finish.' })).toBeAttached();
  await expect(on).toHaveAccessibleDescription('Off: no new runs start; runs already started finish.');
  expect((await post('E2E-2')).status()).toBe(404);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Workflow on' })).not.toBeChecked();
  await press(page.getByRole('checkbox', { name: 'Workflow on' }), 'Space');
  await expect(page.getByRole('checkbox', { name: 'Workflow on' })).toBeChecked();
  expect((await post('E2E-3')).status()).toBe(202);
  await page.goto('/admin/workflows');
  await expect(page.getByRole('row').filter({ hasText: 'Inbound orders' })).toContainText('version 1, on');
});

test('on a slow network, publishing while an autosave is on its way publishes (saves go one at a time)', async ({ page }) => {
  await signInAsFreshOwner(page, 'slow-saves');
  await page.goto('/admin/workflows');
  await page.getByLabel('New workflow name').focus();
  await page.keyboard.type('Slow network');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Settings: trigger' })).toBeVisible();
  // Every draft save reaches the server 3 s late, as from a phone on a poor connection.
  await page.route('**/api/workflows/*', async (route) => {
    if (route.request().method() === 'PUT') await new Promise((r) => setTimeout(r, 3_000));
    await route.continue();
  });
  await choose(page, 'Start this workflow', 'webhook');
  await addStep(page, 'trigger', 'stop', 'Stop 1');
  // The autosave starts after a pause; Publish comes while it is still on its way. Two saves
  // with the same revision made the second a 409 ("changed elsewhere") and Publish failed.
  await expect(page.getByText('Saving…')).toBeVisible();
  await press(page.getByRole('button', { name: 'Publish' }));
  await expect(page.getByText('Live: version 1')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Fix these before publishing:')).toHaveCount(0);
  await expect(saveState(page)).toBeVisible();
});

test('archive a workflow from its builder: off and out of the list, its runs kept; restored from the list, still off', async ({ page }) => {
  await signInAsFreshOwner(page, 'archive');
  await page.goto('/admin/workflows');
  await page.getByLabel('New workflow name').fill('Old campaign');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Workflow builder' })).toBeVisible();
  await press(page.getByRole('button', { name: 'Archive workflow' }));
  await expect(page.getByText('Archived Old campaign: it is off and out of the list; its runs are kept.')).toBeAttached();
  await expect(page.getByRole('checkbox', { name: 'Workflow on' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Restore workflow' })).toBeFocused();

  await page.goto('/admin/workflows');
  await expect(page.getByRole('table', { name: 'Workflows' })).toHaveCount(0);
  const archived = page.locator('section', { has: page.getByRole('heading', { name: 'Archived workflows (1)' }) });
  await press(archived.getByRole('button', { name: 'Restore Old campaign' }));
  await expect(page.getByRole('status').filter({ hasText: 'Restored Old campaign: it is back in the list, still off.' })).toBeAttached();
  await expect(page.getByRole('table', { name: 'Workflows' }).getByRole('row', { name: /Old campaign/ })).toContainText('not published, off');
  await expect(page.getByRole('heading', { name: /^Archived workflows/ })).toHaveCount(0);
});
