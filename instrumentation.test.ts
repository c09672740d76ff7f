import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetEnvCache } from './lib/env';

// Issue 13, item 6: a production server without a mail transport must not start (the development
// outbox would keep invitation links inside the app), unless the operator opts out loudly.

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['NODE_ENV', 'NEXT_RUNTIME', 'SMTP_URL', 'MAIL_DISABLED', 'MAIL_DEV_OUTBOX', 'NEXT_PHASE', 'WEBHOOK_ALLOW_PRIVATE_TARGETS', 'APP_URL']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
  vi.restoreAllMocks();
});

class Exited extends Error {}

async function start(env: Record<string, string>): Promise<{ exitCode?: number; errors: string; warnings: string }> {
  // The vitest run allows private webhook targets, which production refuses: only the mail check is under test.
  Object.assign(process.env, { NEXT_RUNTIME: 'nodejs', WEBHOOK_ALLOW_PRIVATE_TARGETS: '0', APP_URL: 'https://crm.example', ...env });
  delete process.env.SMTP_URL;
  delete process.env.NEXT_PHASE;
  resetEnvCache();
  let exitCode: number | undefined;
  const errors: string[] = [];
  const warnings: string[] = [];
  vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    exitCode = code;
    throw new Exited();
  }) as typeof process.exit);
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => {
    warnings.push(a.join(' '));
    // Stop right after the mail check: the rest of start-up (workers, jobs) is not under test.
    throw new Exited();
  });
  const { register } = await import('./instrumentation');
  await register().catch((e: unknown) => {
    if (!(e instanceof Exited)) throw e;
  });
  return { exitCode, errors: errors.join('\n'), warnings: warnings.join('\n') };
}

describe('start-up mail check', () => {
  it('production without SMTP_URL refuses to start, naming the variables', async () => {
    const r = await start({ NODE_ENV: 'production' });
    expect(r.exitCode).toBe(1);
    expect(r.errors).toMatch(/Refusing to start: SMTP_URL is not set.*MAIL_DISABLED=1/);
  });

  it('MAIL_DISABLED=1 starts with a loud warning', async () => {
    const r = await start({ NODE_ENV: 'production', MAIL_DISABLED: '1' });
    expect(r.exitCode).toBeUndefined();
    expect(r.warnings).toMatch(/WARNING: MAIL_DISABLED=1/);
  });
});
