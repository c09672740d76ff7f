// The auditor's scan: every page (found on disk by routes.ts) x every state (states.ts) x
// light and dark x 360 and 1280 px, with axe-core at every WCAG level and the AAA checks
// axe cannot make. Results go to reports/a11y/ through e2e/a11y/reporter.ts. One test per
// page: each state is loaded once per width and audited there in both themes (audit()).
import { expect, test, type Page } from '@playwright/test';
import { ABBREVIATIONS } from '../../lib/design/abbreviations';
import { THEME_CHANGED_EVENT, THEME_STORAGE_KEY } from '../../components/shell/theme-boot';
import { a11yStorageState } from '../fixtures/a11y-auth';
import { runAxe, type AxeSummary } from './axe';
import { checkCurrentFocus, walkKeyboard } from './checks/keyboard';
import {
  checkAbbreviations,
  checkSvgTextContrast,
  checkPasteAndAutofill,
  checkReducedMotion,
  checkReflow,
  checkStructure,
  checkTargetSize,
  checkTextBlocks,
} from './checks/page-checks';
import type { CheckResult } from './checks/types';
import { reviewFor } from './incomplete-review';
import { A11Y_RESULT_ATTACHMENT, type A11yRecord } from './record';
import { discoverRoutes } from './routes';
import { A11Y_STATES, type A11yState } from './states';
import { accountButton } from '../fixtures/account';

const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];
const WIDTHS = [360, 1280] as const;
const HEIGHT = { 360: 740, 1280: 900 } as const;

test.describe.configure({ mode: 'parallel' });

/**
 * Waits for the page's main landmark, hydrated, with no error screen. A page that never gets
 * there fails with what it shows and the errors it threw, not only "timeout".
 */
async function screenReady(page: Page, pageErrors: readonly string[]): Promise<void> {
  try {
    await page.getByRole('main').waitFor();
    await page.locator('html[data-hydrated]').waitFor();
  } catch (err) {
    const shown = await page.evaluate(() => document.body?.innerText.slice(0, 500) ?? '(no body)').catch(() => '(page closed)');
    throw new Error(`${page.url()} did not show its screen: ${(err as Error).message.split('\n')[0]}\nShown: ${shown}\nPage errors: ${pageErrors.join(' | ') || 'none'}`);
  }
  await noErrorScreen(page, pageErrors);
}

async function noErrorScreen(page: Page, pageErrors: readonly string[]): Promise<void> {
  const errorScreen = page.locator('[data-screen-error]');
  if (await errorScreen.count()) throw new Error(`${page.url()} showed its error screen: ${await errorScreen.innerText()}\nPage errors: ${pageErrors.join(' | ') || 'none'}`);
}

/**
 * Shows the page in `theme` as the theme switch does (stored choice, html[data-theme], the
 * change event), once the restyle has painted. Reduced motion is on: no transition lingers.
 */
async function showTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate(
    ([key, event, value]) =>
      new Promise<void>((done) => {
        localStorage.setItem(key, value);
        document.documentElement.dataset.theme = value;
        window.dispatchEvent(new Event(event));
        requestAnimationFrame(() => requestAnimationFrame(() => done()));
      }),
    [THEME_STORAGE_KEY, THEME_CHANGED_EVENT, theme] as const,
  );
}

type Audited = Record<Theme, Pick<A11yRecord, 'axe' | 'checks'>>;

/**
 * Audits one state at the page's width, in every theme. The page loads in `loadedIn`;
 * axe runs in each (colours); the checks that do not depend on colours run once and count
 * for every theme; the keyboard walk judges each stop's focus ring in every theme.
 */
async function audit(page: Page, url: string, state: A11yState, width: number, signedIn: boolean, pageErrors: readonly string[], loadedIn: Theme): Promise<Audited> {
  // The page loads in `loadedIn` (its stored choice), is audited in it first, then in the other.
  const themes = [loadedIn, ...THEMES.filter((t) => t !== loadedIn)];
  await page.context().setOffline(false);
  // A state may stand in for the network with routes (no connection): never carried to the next.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.goto(url);
  await screenReady(page, pageErrors);
  // The account area loads the session after hydration; audit the page as the user sees it.
  if (signedIn) await accountButton(page).waitFor();
  await state.setup?.(page);
  await noErrorScreen(page, pageErrors);
  // Screens say "Loading…" (marked data-loading) while the local database opens; axe must
  // see the page it settles on, not one that swaps its heading mid-scan.
  await expect(page.locator('[data-loading]')).toHaveCount(0);
  // Next streams metadata: after a client-side navigation the <title> can land just after the
  // content. Audit the page once it has its title (a missing one still fails here).
  await expect(page).toHaveTitle(/\S/);
  const axe = {} as Record<Theme, AxeSummary>;
  for (const theme of themes) {
    await showTheme(page, theme);
    axe[theme] = await runAxe(page, state.axeDisabled?.rules);
  }
  await showTheme(page, loadedIn);
  const shared: CheckResult[] = [
    await checkTargetSize(page),
    await checkTextBlocks(page),
    await checkReducedMotion(page),
    await checkPasteAndAutofill(page),
    await checkStructure(page),
    await checkAbbreviations(page, ABBREVIATIONS),
    await checkSvgTextContrast(page, themes),
  ];
  const focus = state.popover ? await checkCurrentFocus(page, themes) : (await walkKeyboard(page, { modal: state.modal, themes })).byTheme;
  // Last: resizing to 320 px may close open popovers.
  const reflow = width === 360 && !state.popover ? [await checkReflow(page)] : [];
  return Object.fromEntries(THEMES.map((theme) => [theme, { axe: axe[theme], checks: [...shared, ...focus[theme]!, ...reflow] }])) as Audited;
}

/** Every reason this record fails, one line each. */
function failuresOf(r: A11yRecord): string[] {
  const where = `${r.route} [${r.state}, ${r.theme}, ${r.width}px]`;
  return [
    ...r.axe.violations.map((v) => `${where} axe ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`),
    ...r.axe.incomplete.flatMap((i) =>
      i.nodes.filter((n) => !reviewFor(i.id, n.summary, n.target)).map((n) => `${where} axe needs review, not reviewed: ${i.id} at ${n.target}: ${n.summary}`),
    ),
    ...r.checks.filter((c) => !c.passed).flatMap((c) => c.problems.map((p) => `${where} ${c.id}: ${p}`)),
  ];
}

for (const route of discoverRoutes()) {
  const entry = A11Y_STATES[route.pattern];
  // coverage.spec.ts fails for a page with no entry or no sample values; nothing to scan here.
  if (!entry || route.missingSamples.length) continue;

  const target = entry.redirectsTo;
  if (target) {
    test(`${route.pattern} redirects to ${target}, which is audited`, async ({ browser, baseURL }) => {
      const context = await browser.newContext({ baseURL, storageState: await a11yStorageState(browser, baseURL!, entry.role) });
      const page = await context.newPage();
      await page.goto(route.url);
      // Some redirects happen in the browser after hydration (static shells check the session).
      await expect.poll(() => new URL(page.url()).pathname).toBe(target);
      expect(A11Y_STATES[target], 'the redirect target must itself be audited').toBeDefined();
      await context.close();
    });
    continue;
  }

  test(`${route.pattern} in ${THEMES.join(' and ')} themes`, async ({ browser, baseURL }, testInfo) => {
    // Per state: two widths, each two axe runs and a keyboard walk of up to 200 stops. /deals
    // needed 60-70 s per theme, and over 120 s beside a second browser on two cores; the
    // one-state foundations page (a long walk) ran out of 120 s beside the catalog's scan. A
    // hang guard, not a speed check: a passing scan takes no longer for it. At least 420 s: the
    // one-state API reference (a long page, 200 keyboard stops per width) took 126 s alone,
    // 168 s beside a second scan and 222 s in a CI run.
    test.setTimeout(Math.max(420_000, 180_000 * entry.states.length));
    const context = await browser.newContext({
      baseURL,
      reducedMotion: 'reduce',
      storageState: await a11yStorageState(browser, baseURL!, entry.role),
    });
    // The first load is in light; each width loads in its own theme after that (see below).
    await context.addInitScript(([key, value]) => localStorage.getItem(key) ?? localStorage.setItem(key, value), [THEME_STORAGE_KEY, THEMES[0]] as const);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // A state whose setup cannot find its control must fail quickly, not hang the run.
    page.setDefaultTimeout(15_000);
    const records: A11yRecord[] = [];
    try {
      for (const [w, width] of WIDTHS.entries()) {
        // Light loads at one width, dark at the other: both themes are loaded for real (boot
        // script, hydration, setups), and every state is still audited in both at both widths.
        const loadedIn = THEMES[w % THEMES.length]!;
        if (w > 0) await showTheme(page, loadedIn);
        await page.setViewportSize({ width, height: HEIGHT[width] });
        for (const state of entry.states) {
          const audited = await audit(page, route.url, state, width, entry.role !== 'anonymous', pageErrors, loadedIn);
          for (const theme of THEMES) records.push({ route: route.pattern, url: route.url, state: state.name, theme, width, ...audited[theme], axeDisabled: state.axeDisabled });
        }
      }
    } finally {
      await testInfo.attach(A11Y_RESULT_ATTACHMENT, { body: JSON.stringify(records), contentType: 'application/json' });
      await context.close();
    }
    const failures = records.flatMap(failuresOf);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(records.length).toBe(THEMES.length * WIDTHS.length * entry.states.length);
  });
}
