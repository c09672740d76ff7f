// Playwright reporter that gathers the scan's records and writes the auditor's report:
// reports/a11y/results.json (every route x state x theme x width) and reports/a11y/index.html.
// Writes nothing when the run audited nothing (e.g. a single unrelated spec), so a partial
// run never replaces a full report with an empty one.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { A11Y_RESULT_ATTACHMENT, type A11yRecord } from './record';
import { recordPassed, renderReport } from './report-html';

const OUT_DIR = process.env.A11Y_REPORT_DIR ?? 'reports/a11y';

function axeVersion(): string {
  try {
    return JSON.parse(readFileSync(path.resolve('node_modules/axe-core/package.json'), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
}

export default class A11yReporter implements Reporter {
  private records: A11yRecord[] = [];
  private baseUrl = '';

  onBegin(config: FullConfig): void {
    this.baseUrl = String(config.projects[0]?.use.baseURL ?? '');
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    for (const a of result.attachments) {
      if (a.name === A11Y_RESULT_ATTACHMENT && a.body) this.records.push(...(JSON.parse(a.body.toString('utf8')) as A11yRecord[]));
    }
  }

  onEnd(): void {
    if (this.records.length === 0) return;
    const records = [...this.records].sort(
      (a, b) => a.route.localeCompare(b.route) || a.theme.localeCompare(b.theme) || a.width - b.width || a.state.localeCompare(b.state),
    );
    const meta = { generatedAt: new Date().toISOString(), baseUrl: this.baseUrl, axeVersion: axeVersion() };
    mkdirSync(OUT_DIR, { recursive: true });
    const failed = records.filter((r) => !recordPassed(r)).length;
    writeFileSync(path.join(OUT_DIR, 'results.json'), JSON.stringify({ ...meta, combinations: records.length, failed, records }, null, 2));
    writeFileSync(path.join(OUT_DIR, 'index.html'), renderReport(records, meta));
    console.log(`a11y report: ${records.length} combinations, ${failed} with problems → ${OUT_DIR}/index.html`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
