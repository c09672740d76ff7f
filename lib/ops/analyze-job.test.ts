import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem } from '../db/with-tenant';
import { ANALYZE_JOB, runPgliteAnalyze } from './analyze-job';
import { lastRun } from './maintenance-runs';

describe('planner statistics job', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem(async (tx) => {
      for (let i = 0; i < 50; i++) await tx.query(`INSERT INTO tenants (id, name, slug) VALUES (gen_random_uuid(), $1, $1)`, [`analyze-${i}`]);
    }, t.db);
  });
  afterAll(() => t.dispose());

  const tenantStats = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = 'tenants'`)).rows[0]!.n;

  it.runIf(!process.env.DATABASE_URL)('on PGlite (no autovacuum) gathers statistics hourly', async () => {
    expect(await tenantStats()).toBe(0);
    const now = new Date();
    expect(await runPgliteAnalyze(t.db, now)).toMatchObject({ status: 'done' });
    expect(await tenantStats()).toBeGreaterThan(0);
    expect((await lastRun(ANALYZE_JOB, t.db))?.ok).toBe(true);
    expect(await runPgliteAnalyze(t.db, new Date(now.getTime() + 15 * 60_000))).toEqual({ status: 'not_due' });
    expect(await runPgliteAnalyze(t.db, new Date(now.getTime() + 61 * 60_000))).toMatchObject({ status: 'done' });
  });

  it.runIf(Boolean(process.env.DATABASE_URL))('on Postgres leaves it to autovacuum', async () => {
    expect(await runPgliteAnalyze(t.db)).toEqual({ status: 'not_applicable' });
    expect(await lastRun(ANALYZE_JOB, t.db)).toBeNull();
  });
});
