// The axe-core run used for every page, state and for the HTML report itself.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Every WCAG level axe knows, AAA included, plus best practices (issue 7). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa', 'best-practice'];

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
}

export interface AxeSummary {
  violations: AxeFinding[];
  incomplete: AxeFinding[];
  passes: number;
  inapplicable: number;
}

function findings(list: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): AxeFinding[] {
  return list.map((r) => ({
    id: r.id,
    impact: r.impact ?? null,
    help: r.help,
    helpUrl: r.helpUrl,
    nodes: r.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
  }));
}

/** Runs axe with AXE_TAGS on the page as it is now, without `disableRules` (see states.ts axeDisabled). */
export async function runAxe(page: Page, disableRules: readonly string[] = []): Promise<AxeSummary> {
  // Passes are counted, not listed: resultTypes keeps one node per passing rule (axe's own speed option).
  const builder = new AxeBuilder({ page }).withTags(AXE_TAGS).options({ resultTypes: ['violations', 'incomplete'] });
  if (disableRules.length) builder.disableRules([...disableRules]);
  const results = await builder.analyze();
  return {
    violations: findings(results.violations),
    incomplete: findings(results.incomplete),
    passes: results.passes.length,
    inapplicable: results.inapplicable.length,
  };
}
