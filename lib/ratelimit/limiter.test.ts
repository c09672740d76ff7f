import { afterAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import { blockedFor, countFailure, limiter, resetKey, resetLimiters, tryConsume } from './limiter';

// Runs on the in-memory store, and again on Redis when REDIS_URL is set (CI and `npm test`
// with Redis), so both stores behave the same.
const stores = [{ name: 'memory', url: '' }, ...(process.env.REDIS_URL ? [{ name: 'redis', url: process.env.REDIS_URL }] : [])];
const original = process.env.REDIS_URL;

afterAll(() => {
  process.env.REDIS_URL = original;
  resetEnvCache();
  resetLimiters();
});

describe.each(stores)('rate limiter on $name', ({ url }) => {
  const fresh = async (points: number) => {
    process.env.REDIS_URL = url;
    resetEnvCache();
    resetLimiters();
    return limiter({ name: `test-${Math.random().toString(36).slice(2)}`, points, windowSeconds: 60 });
  };

  it('blocks a key after its allowance, for about the window, and not other keys', async () => {
    const l = await fresh(3);
    expect(await countFailure(l, 'a')).toBe(0);
    expect(await countFailure(l, 'a')).toBe(0);
    expect(await blockedFor(l, 'a')).toBe(0);
    const locked = await countFailure(l, 'a');
    expect(locked).toBeGreaterThan(50);
    expect(locked).toBeLessThanOrEqual(60);
    expect(await blockedFor(l, 'a')).toBeGreaterThan(50);
    expect(await blockedFor(l, 'b')).toBe(0);
    if (url) {
      // The counter really lives in Redis (not in the memory insurance limiter).
      const { Redis } = await import('ioredis');
      const redis = new Redis(url);
      expect(await redis.exists(`${l.keyPrefix}:a`)).toBe(1);
      await redis.quit();
    }
  });

  it('a reset clears the key', async () => {
    const l = await fresh(1);
    await countFailure(l, 'k');
    expect(await blockedFor(l, 'k')).toBeGreaterThan(0);
    await resetKey(l, 'k');
    expect(await blockedFor(l, 'k')).toBe(0);
  });

  it('tryConsume allows up to the allowance, then reports the wait', async () => {
    const l = await fresh(2);
    expect(await tryConsume(l, 'ip')).toBe(0);
    expect(await tryConsume(l, 'ip')).toBe(0);
    expect(await tryConsume(l, 'ip')).toBeGreaterThan(0);
  });
});
