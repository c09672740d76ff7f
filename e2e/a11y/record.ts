// One audited combination, as stored in reports/a11y/results.json.
import type { AxeSummary } from './axe';
import type { CheckResult } from './checks/types';

export const A11Y_RESULT_ATTACHMENT = 'a11y-result';

export interface A11yRecord {
  route: string;
  url: string;
  state: string;
  theme: 'light' | 'dark';
  width: number;
  axe: AxeSummary;
  checks: CheckResult[];
  /** axe rules not run in this state, with the reason (states.ts). */
  axeDisabled?: { rules: string[]; reason: string };
}
