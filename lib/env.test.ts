import { afterEach, describe, expect, it } from 'vitest';
import { env, resetEnvCache } from './env';

// The environment is parsed by instrumentation.ts before the server serves anything, inside a
// try that exits the process: a refusal here is a refusal to start.
const saved = { node: process.env.NODE_ENV, flag: process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS };
function set(node: string | undefined, flag: string | undefined) {
  const e = process.env as Record<string, string | undefined>;
  if (node === undefined) delete e.NODE_ENV;
  else e.NODE_ENV = node;
  if (flag === undefined) delete e.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  else e.WEBHOOK_ALLOW_PRIVATE_TARGETS = flag;
  resetEnvCache();
}
afterEach(() => set(saved.node, saved.flag));

describe('WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
  it('is refused by environment parsing in production, naming the variable', () => {
    set('production', '1');
    expect(() => env()).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS: must not be 1 when NODE_ENV=production/);
  });

  it('is accepted in development and test, and 0 is accepted in production', () => {
    set('development', '1');
    expect(env().WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe('1');
    set('test', '1');
    expect(env().WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe('1');
    set('production', '0');
    expect(env().WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe('0');
  });
});
