// `npm test`: every runner, in order, then one summary line `N passed, M failed`.
//   1. unit + integration tests (Vitest) on embedded PGlite
//   2. the same again on real Postgres when DATABASE_URL is set
//   3. a production build (skipped with SKIP_BUILD=1, e.g. when CI has just built)
//   4. browser tests (Playwright, Chromium) against that build, on DATABASE_URL or PGlite
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const reports = 'reports/test';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const { DATABASE_URL } = process.env;
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, cmd, args, extraEnv) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  return { status: result.status ?? 1, seconds };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function vitest(label, extraEnv) {
  const file = `${reports}/vitest-${label}.json`;
  const { status, seconds } = run(`vitest (${label})`, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], extraEnv);
  const json = readJson(file);
  const passed = json?.numPassedTests ?? 0;
  // A crashed runner with no report counts as one failure, never as silence.
  const failed = json ? json.numFailedTests + (status !== 0 && json.numFailedTests === 0 ? 1 : 0) : 1;
  const skipped = (json?.numPendingTests ?? 0) + (json?.numTodoTests ?? 0);
  record(`vitest on ${label}`, passed, failed, skipped, seconds);
}

function record(label, passed, failed, skipped, seconds) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${label.padEnd(26)} ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds}s)`);
}

vitest('pglite', { DATABASE_URL: '' });
if (DATABASE_URL) vitest('postgres', { DATABASE_URL });

let built = process.env.SKIP_BUILD === '1' && existsSync('.next/BUILD_ID');
if (!built) {
  const { status } = run('build', 'npx', ['next', 'build', '--webpack']);
  built = status === 0;
  if (!built) record('build', 0, 1, 0, '-');
}
if (built) {
  const file = 'reports/e2e/results.json';
  rmSync(file, { force: true });
  const { status, seconds } = run(`playwright (${DATABASE_URL ? 'postgres' : 'pglite'})`, 'npx', ['playwright', 'test'], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: file,
  });
  const stats = readJson(file)?.stats;
  const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  const failed = stats ? stats.unexpected + (status !== 0 && stats.unexpected === 0 ? 1 : 0) : 1;
  record(`playwright on ${DATABASE_URL ? 'postgres' : 'pglite'}`, passed, failed, stats?.skipped ?? 0, seconds);
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
