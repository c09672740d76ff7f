import { defineConfig } from '@playwright/test';
import { REP_STATE } from './e2e/fixtures/auth';
import { chromiumLaunchOptions } from './e2e/fixtures/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

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
  webServer: {
    command: `node scripts/e2e-server.mjs ${PORT}`,
    url: `${BASE_URL}/api/health/ready`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
