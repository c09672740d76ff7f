// `npm run test:a11y`: the auditor's one command. Builds unless SKIP_BUILD=1, runs the a11y
// specs (e2e/a11y: coverage, scan of every route x state x theme x width, report), which
// write reports/a11y/index.html and results.json, then audits that HTML report itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
function run(cmd, args, extra = {}) {
  console.log(`\n=== ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extra } }).status ?? 1;
}

if (!(process.env.SKIP_BUILD === '1' && existsSync('.next/BUILD_ID')) && run('npx', ['next', 'build', '--webpack']) !== 0) process.exit(1);
const scan = run('npx', ['playwright', 'test', 'e2e/a11y/coverage.spec.ts', 'e2e/a11y/scan.spec.ts']);
if (!existsSync('reports/a11y/index.html')) {
  console.error('The scan wrote no report (reports/a11y/index.html).');
  process.exit(1);
}
// A second run with its own reporters, so it cannot overwrite the report it audits.
const self = run('npx', ['playwright', 'test', 'e2e/a11y/report.spec.ts', '--reporter=list'], {
  A11Y_SCAN_REPORT_FILE: 'reports/a11y/index.html',
});
console.log(`\nReport: reports/a11y/index.html and reports/a11y/results.json`);
process.exit(scan !== 0 || self !== 0 ? 1 : 0);
