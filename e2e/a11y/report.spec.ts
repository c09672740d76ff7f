// The auditor's HTML report must itself pass the scan it reports on (issue 7): rendered from
// records that contain every kind of finding, then checked like any page. With
// A11Y_SCAN_REPORT_FILE set (npm run test:a11y), the report just written is checked too.
import { existsSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { runAxe } from './axe';
import { walkKeyboard } from './checks/keyboard';
import { checkReflow, checkStructure, checkTargetSize, checkTextBlocks } from './checks/page-checks';
import type { A11yRecord } from './record';
import { recordPassed, renderReport } from './report-html';

const sample: A11yRecord[] = [
  {
    route: '/contacts',
    url: '/contacts',
    state: 'initial',
    theme: 'light',
    width: 360,
    axe: { violations: [], incomplete: [], passes: 40, inapplicable: 50 },
    checks: [{ id: 'target-size', criteria: ['2.5.5'], title: 'Targets at least 44x44 CSS px', passed: true, problems: [], examined: 12 }],
  },
  {
    route: '/deals/<script>',
    url: '/deals/x',
    state: 'dialog open',
    theme: 'dark',
    width: 1280,
    axe: {
      violations: [{ id: 'color-contrast-enhanced', impact: 'serious', help: 'Elements must meet enhanced contrast', helpUrl: 'https://example.invalid', nodes: [{ target: '#a > b', summary: 'Fix <this>' }] }],
      incomplete: [{ id: 'some-rule', impact: null, help: 'Needs a look', helpUrl: 'https://example.invalid', nodes: [{ target: '.x', summary: '' }] }],
      passes: 30,
      inapplicable: 60,
    },
    checks: [{ id: 'focus-appearance', criteria: ['2.4.13'], title: 'Focus ring', passed: false, problems: ['button "Save": focus outline is none 0px'], examined: 3 }],
  },
];

async function auditReport(page: Page, html: string) {
  await page.setContent(html);
  const axe = await runAxe(page);
  const checks = [await checkTargetSize(page), await checkTextBlocks(page), await checkStructure(page), ...(await walkKeyboard(page)).checks, await checkReflow(page)];
  return { violations: axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), failed: checks.filter((c) => !c.passed).flatMap((c) => c.problems) };
}

test.describe('a11y report', () => {
  test('summarises passes and failures, escapes page text, and passes the same scan', async ({ page }) => {
    const html = renderReport(sample, { generatedAt: '2026-11-22T00:00:00Z', baseUrl: 'http://127.0.0.1', axeVersion: '4.11' });
    expect(recordPassed(sample[0]!)).toBe(true);
    expect(recordPassed(sample[1]!)).toBe(false);
    expect(html).toContain('/deals/&lt;script&gt;');
    expect(html).not.toContain('<script>');
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const { violations, failed } = await auditReport(page, html);
      expect(violations).toEqual([]);
      expect(failed).toEqual([]);
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility report');
    await expect(page.getByText('2 combinations of page, state, theme and width audited; 1 with problems.')).toBeVisible();
    await expect(page.getByRole('row', { name: /deals/ }).getByRole('cell').last()).toHaveText('Fail');
    await expect(page.getByText('NOT REVIEWED')).toBeVisible();
  });

  test('the report written by npm run test:a11y passes the same scan', async ({ page }) => {
    const file = process.env.A11Y_SCAN_REPORT_FILE;
    test.skip(!file, 'only in npm run test:a11y, after the scan has written the report');
    // The full report has a link per combination: the keyboard walk visits each of them.
    test.setTimeout(300_000);
    expect(existsSync(file!), `${file} was not written`).toBe(true);
    const { violations, failed } = await auditReport(page, readFileSync(file!, 'utf8'));
    expect(violations).toEqual([]);
    expect(failed).toEqual([]);
  });
});
