import { afterEach, describe, expect, it } from 'vitest';
import { env, resetEnvCache } from './env';

// The environment is parsed by instrumentation.ts before the server serves anything, inside a
// try that exits the process: a refusal here is a refusal to start.
const saved = { node: process.env.NODE_ENV, flag: process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS, db: process.env.DATABASE_URL };
function set(node: string | undefined, flag: string | undefined, db?: string) {
  const e = process.env as Record<string, string | undefined>;
  // Off Postgres, where production needs no shared secrets (the rule tested below).
  if (db === undefined) delete e.DATABASE_URL;
  else e.DATABASE_URL = db;
  if (node === undefined) delete e.NODE_ENV;
  else e.NODE_ENV = node;
  if (flag === undefined) delete e.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  else e.WEBHOOK_ALLOW_PRIVATE_TARGETS = flag;
  resetEnvCache();
}
afterEach(() => set(saved.node, saved.flag, saved.db));

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

describe('AUTH_SECRET and ENCRYPTION_KEYS on a shared database', () => {
  const keys = ['NODE_ENV', 'DATABASE_URL', 'AUTH_SECRET', 'NEXTAUTH_SECRET', 'ENCRYPTION_KEYS', 'DEV_SECRETS', 'WEBHOOK_ALLOW_PRIVATE_TARGETS'] as const;
  const before = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  const use = (values: Partial<Record<(typeof keys)[number], string>>) => {
    const e = process.env as Record<string, string | undefined>;
    for (const k of keys) {
      if (values[k] === undefined) delete e[k];
      else e[k] = values[k];
    }
    resetEnvCache();
  };
  afterEach(() => use(before as Record<string, string>));
  const postgres = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/crm' };
  const secret = 'x'.repeat(32);
  const key = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

  it('production on Postgres refuses to start without either, naming both', () => {
    use(postgres);
    expect(() => env()).toThrow(/AUTH_SECRET: must be set when NODE_ENV=production and DATABASE_URL is set/);
    expect(() => env()).toThrow(/ENCRYPTION_KEYS: must be set/);
    use({ ...postgres, AUTH_SECRET: secret });
    expect(() => env()).toThrow(/ENCRYPTION_KEYS/);
    use({ ...postgres, ENCRYPTION_KEYS: key });
    expect(() => env()).toThrow(/AUTH_SECRET/);
  });

  it('starts with both set (NEXTAUTH_SECRET counts), with DEV_SECRETS=1, on PGlite, or outside production', () => {
    use({ ...postgres, AUTH_SECRET: secret, ENCRYPTION_KEYS: key });
    expect(env().AUTH_SECRET).toBe(secret);
    use({ ...postgres, NEXTAUTH_SECRET: secret, ENCRYPTION_KEYS: key });
    expect(env().NEXTAUTH_SECRET).toBe(secret);
    use({ ...postgres, DEV_SECRETS: '1' });
    expect(env().DEV_SECRETS).toBe('1');
    use({ NODE_ENV: 'production' });
    expect(env().DATABASE_URL).toBeUndefined();
    use({ NODE_ENV: 'development', DATABASE_URL: 'postgres://db/crm' });
    expect(env().DATABASE_URL).toBe('postgres://db/crm');
  });
});
