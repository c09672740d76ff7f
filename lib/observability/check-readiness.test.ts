import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { checkReadiness } from './check-readiness';

describe('readiness', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('is ready when the migrated database answers', async () => {
    const r = await checkReadiness({ db: async () => t.db, redisUrl: null });
    expect(r.ok).toBe(true);
    expect(Object.keys(r.checks)).toEqual(['database']);
  });

  it('fails when the database is down', async () => {
    const r = await checkReadiness({ db: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')), redisUrl: null });
    expect(r.ok).toBe(false);
    expect(r.checks.database).toMatchObject({ ok: false, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('checks Redis when configured, and fails when it does not answer', async () => {
    const unreachable = await checkReadiness({ db: async () => t.db, redisUrl: 'redis://127.0.0.1:1' });
    expect(unreachable.ok).toBe(false);
    expect(unreachable.checks.redis?.ok).toBe(false);
    if (process.env.REDIS_URL) {
      const up = await checkReadiness({ db: async () => t.db, redisUrl: process.env.REDIS_URL });
      expect(up.checks.redis?.ok).toBe(true);
    }
  });

  it('includes extra checks such as the queue', async () => {
    const r = await checkReadiness({ db: async () => t.db, redisUrl: null, extra: { queue: () => Promise.reject(new Error('queue stopped')) } });
    expect(r).toMatchObject({ ok: false, checks: { database: { ok: true }, queue: { ok: false, error: 'queue stopped' } } });
  });
});
