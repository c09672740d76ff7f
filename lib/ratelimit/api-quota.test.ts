import { afterAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import { AppError } from '../http/app-error';
import { metrics } from '../observability/metrics';
import { consumeApiQuota, TENANT_QUOTAS } from './api-quota';
import { resetLimiters } from './limiter';

// Memory store always; Redis too when REDIS_URL is set (CI), so both behave the same.
const stores = [{ name: 'memory', url: '' }, ...(process.env.REDIS_URL ? [{ name: 'redis', url: process.env.REDIS_URL }] : [])];
const saved = { ...process.env };

afterAll(() => {
  process.env = saved;
  resetEnvCache();
  resetLimiters();
});

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a 429');
}

describe.each(stores)('API quotas on $name', ({ url }) => {
  const setup = (ip: number, user: number) => {
    process.env.REDIS_URL = url;
    process.env.API_QUOTA_IP_PER_MINUTE = String(ip);
    process.env.API_QUOTA_USER_PER_MINUTE = String(user);
    delete process.env.API_QUOTA_TENANT_PER_MINUTE;
    resetEnvCache();
    resetLimiters();
  };

  it('sends IETF RateLimit headers and answers 429 with Retry-After when the IP quota runs out', async () => {
    setup(3, 100);
    const first = await consumeApiQuota({ ip: '203.0.113.1' });
    expect(first['RateLimit-Policy']).toBe('"ip";q=3;w=60');
    expect(first.RateLimit).toMatch(/^"ip";r=2;t=(59|60)$/);
    await consumeApiQuota({ ip: '203.0.113.1' });
    await consumeApiQuota({ ip: '203.0.113.1' });
    const before = (await metrics().rateLimited.get()).values.find((v) => v.labels.limiter === 'api-ip')?.value ?? 0;
    const err = await rejection(consumeApiQuota({ ip: '203.0.113.1' }));
    expect(err.status).toBe(429);
    expect(Number(err.headers?.['Retry-After'])).toBeGreaterThan(0);
    expect(Number(err.headers?.['Retry-After'])).toBeLessThanOrEqual(60);
    expect(err.headers?.RateLimit).toMatch(/^"ip";r=0;t=\d+$/);
    expect((await metrics().rateLimited.get()).values.find((v) => v.labels.limiter === 'api-ip')?.value).toBe(before + 1);
    // Another address is unaffected.
    await expect(consumeApiQuota({ ip: '203.0.113.2' })).resolves.toBeDefined();
  });

  it('limits per user across addresses, and reports the tightest quota', async () => {
    setup(100, 2);
    const id = { userId: 'u1', tenantId: 't1', plan: 'free' as const };
    const h = await consumeApiQuota({ ip: '198.51.100.1', ...id });
    expect(h['RateLimit-Policy']).toBe(`"ip";q=100;w=60, "user";q=2;w=60, "tenant-free";q=${TENANT_QUOTAS.free};w=60`);
    expect(h.RateLimit).toMatch(/^"user";r=1;/);
    await consumeApiQuota({ ip: '198.51.100.2', ...id });
    const err = await rejection(consumeApiQuota({ ip: '198.51.100.3', ...id }));
    expect(err.message).toContain('user quota');
  });

  it('skipIp counts the identity quotas without counting the address twice', async () => {
    setup(2, 100);
    await consumeApiQuota({ ip: '192.0.2.7' });
    await consumeApiQuota({ ip: '192.0.2.7', userId: 'u2', tenantId: 't2' }, { skipIp: true });
    // Only one of the two IP points is used, so a second request still passes.
    await expect(consumeApiQuota({ ip: '192.0.2.7' })).resolves.toBeDefined();
    await expect(rejection(consumeApiQuota({ ip: '192.0.2.7' }))).resolves.toMatchObject({ code: 'rate_limited' });
  });

  it('API_QUOTA_TENANT_PER_MINUTE replaces the plan quota of every tenant', async () => {
    setup(100, 100);
    process.env.API_QUOTA_TENANT_PER_MINUTE = '1';
    resetEnvCache();
    const id = { userId: 'u3', tenantId: 't3', plan: 'enterprise' as const };
    const h = await consumeApiQuota({ ip: '198.51.100.9', ...id });
    expect(h['RateLimit-Policy']).toContain('"tenant-enterprise";q=1;w=60');
    const err = await rejection(consumeApiQuota({ ip: '198.51.100.9', ...id }));
    expect(err.message).toContain('tenant-enterprise quota of 1 per 60 s');
  });
});
