import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_QUEUE, TRIGGER_QUEUE } from '../db/job-queue';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { queueDepthSeries } from './queue-depth';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.dispose();
});

const NOW = Date.UTC(2030, 0, 1, 12, 0, 30);
/** The oldest minute end of the series NOW reads. */
const FIRST = Date.UTC(2030, 0, 1, 11, 1, 0);
const at = (minutes: number) => new Date(FIRST + minutes * 60_000).toISOString();

async function job(name: string, tenantId: string, times: { created: string; due?: string; started?: string; completed?: string }) {
  await t.db.query(
    `INSERT INTO pgboss.job (name, data, created_on, start_after, started_on, completed_on, state)
     VALUES ($1, jsonb_build_object('tenantId', $2::text), $3, $4, $5, $6, $7)`,
    [name, tenantId, times.created, times.due ?? times.created, times.started ?? null, times.completed ?? null, times.completed ? 'completed' : times.started ? 'active' : 'created'],
  );
}

describe('queue depth per minute', () => {
  it('reads each minute’s waiting jobs back from the jobs’ own times, for one organization', async () => {
    const tenant = crypto.randomUUID();
    const other = crypto.randomUUID();
    // Waited from 11.5 to 20.5 → counted at minute ends 11…20.
    await job(RUN_QUEUE, tenant, { created: at(10.5), started: at(20.5), completed: at(21) });
    // A workflow wait: created at 5, due at 30.5, never picked up → counted from 31 on.
    await job(RUN_QUEUE, tenant, { created: at(5), due: at(30.5) });
    // Created and cancelled before a worker took it → counted at 1, 2 and 3.
    await job(RUN_QUEUE, tenant, { created: at(1), completed: at(3.5) });
    // Waiting since long before the hour → counted everywhere.
    await job(TRIGGER_QUEUE, tenant, { created: at(-120) });
    // Picked up within the minute: never waiting at a minute end.
    await job(TRIGGER_QUEUE, tenant, { created: at(50.2), started: at(50.4), completed: at(50.6) });
    // Another organization's jobs never show.
    await job(RUN_QUEUE, other, { created: at(-5) });

    const series = await queueDepthSeries(tenant, t.db, NOW);
    expect(series).toHaveLength(60);
    expect(series[0]!.at).toBe(at(0));
    expect(series.at(-1)!.at).toBe(new Date(Date.UTC(2030, 0, 1, 12, 0, 0)).toISOString());
    const run = series.map((m) => m.runJobs);
    const expected = Array.from({ length: 60 }, (_, i) => (i >= 11 && i <= 20 ? 1 : 0) + (i >= 31 ? 1 : 0) + (i >= 1 && i <= 3 ? 1 : 0));
    expect(run).toEqual(expected);
    expect(series.every((m) => m.triggerJobs === 1)).toBe(true);

    const theirs = await queueDepthSeries(other, t.db, NOW);
    expect(theirs.every((m) => m.runJobs === 1 && m.triggerJobs === 0)).toBe(true);
  });
});
