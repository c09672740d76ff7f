// Result shapes shared by the checks, the scan spec and the report.

export interface CheckResult {
  /** Stable id, e.g. "target-size". */
  id: string;
  /** WCAG 2.2 success criteria this check covers, e.g. ["2.5.5"]. */
  criteria: string[];
  title: string;
  passed: boolean;
  /** One line per failing element or fact; empty when passed. */
  problems: string[];
  /** What was looked at, so a pass over nothing is visible as such. */
  examined: number;
}

export function result(id: string, criteria: string[], title: string, problems: string[], examined: number): CheckResult {
  return { id, criteria, title, passed: problems.length === 0, problems, examined };
}
