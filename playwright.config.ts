import { randomBytes } from 'node:crypto';
import { defineConfig } from '@playwright/test';
import { REP_STATE } from './e2e/fixtures/auth';
import { chromiumLaunchOptions } from './e2e/fixtures/chromium';
import { BASE_URL, PORT, SECOND_URL } from './e2e/fixtures/servers';

// What every instance of one deployment shares (lib/env.ts): set once here, before the servers
// start; the test workers inherit the same values.
process.env.AUTH_SECRET ??= randomBytes(32).toString('base64url');
process.env.ENCRYPTION_KEYS ??= `e2e:${randomBytes(32).toString('base64')}`;
process.env.RATE_LIMIT_NAMESPACE ??= `e2e-${Date.now()}`;
const server = (port: number, args = '') => ({
  command: `node scripts/e2e-server.mjs ${port}${args}`,
  url: `http://127.0.0.1:${port}/api/health/ready`,
  timeout: 180_000,
  reuseExistingServer: !process.env.CI,
  stdout: 'pipe' as const,
  stderr: 'pipe' as const,
});

export default defineConfig({
  testDir: './e2e',
  // A hang guard, not a speed check: on a shared two-core machine with two browsers and the
  // server, long flows took 60-75 s (CI of 2026-12-02). Speed is measured under bench/.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two cores shared with the server under test.
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? 'reports/e2e/results.json' }],
    // Writes reports/a11y/{index.html,results.json} from the a11y scan (issue 7).
    ['./e2e/a11y/reporter.ts'],
  ],
  use: {
    baseURL: BASE_URL,
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts$/ },
    { name: 'chromium', dependencies: ['setup'], use: { storageState: REP_STATE } },
  ],
  // Started in order: the second instance joins the database the first has seeded.
  webServer: SECOND_URL ? [server(PORT), server(PORT + 1, ' --join')] : [server(PORT)],
});
