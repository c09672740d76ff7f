import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, Deal } from '@/components/records/record-types';
import { createSyncDatabase, type SyncDatabase } from '@/sync/client/create-database';
import { ownersOf } from '@/components/records/owners';
import { activityQuery, dueByEndOfToday, tasksFor, todayQueries, visitsOn } from './task-filters';

const ME = '00000000-0000-7000-8000-00000000000a';
const OTHER = '00000000-0000-7000-8000-00000000000b';
const now = new Date(2026, 10, 20, 12, 0, 0);

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('Today’s database queries', () => {
  let db: SyncDatabase;
  const activities: Activity[] = [];
  const deals: Deal[] = [];

  beforeAll(async () => {
    db = await createSyncDatabase({ name: `today${Date.now()}`, storage: getRxStorageMemory(), multiInstance: false, collections: ['activities', 'deals'] });
    const r = rng(7);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    // Times within three days either side of `now`, some right at the day's edges.
    const time = () => pick([null, new Date(2026, 10, 20 + Math.floor(r() * 7) - 3, Math.floor(r() * 24), Math.floor(r() * 60)).toISOString(), new Date(2026, 10, 20, 0, 0, 0, 0).toISOString(), new Date(2026, 10, 20, 23, 59, 59, 999).toISOString()]);
    for (let i = 0; i < 600; i++) {
      const id = `0190${String(i).padStart(4, '0')}-0000-7000-8000-000000000000`;
      const stamp = new Date(2026, 9, 1 + (i % 50), i % 24).toISOString();
      activities.push({
        id, kind: pick(['call', 'visit', 'note', 'task'] as const), subject: `a${i}`, body: null, dueAt: time(), done: r() < 0.3, occurredAt: time(),
        contactId: null, companyId: null, dealId: null, ownerId: pick([ME, OTHER, null]), latitude: null, longitude: null, createdAt: stamp, updatedAt: stamp,
      });
      if (i < 200) {
        deals.push({
          id, name: `d${i}`, pipelineId: ME, stageId: 'lead', amountCents: i, currency: 'EUR', closeDate: null, status: 'open',
          companyId: null, contactId: null, ownerId: pick([ME, OTHER, null]), createdAt: stamp, updatedAt: new Date(2026, 10, 1, 0, i).toISOString(),
        });
      }
    }
    await db.activities.bulkInsert(activities);
    await db.deals.bulkInsert(deals);
  });
  afterAll(() => db.close());

  const run = async <T,>(collection: 'activities' | 'deals', query: object) => (await db[collection].find(query).exec()).map((d) => d.toJSON() as unknown as T);

  it('give the same tasks, visits and deals as filtering everything', async () => {
    for (const me of [ME, null]) {
      const q = todayQueries(now, me, 5);
      const due = dueByEndOfToday(await run<Activity>('activities', q.due), now, me);
      expect(due).toEqual(dueByEndOfToday(activities, now, me));
      expect(due.today.length + due.overdue.length).toBeGreaterThan(5);
      const visits = visitsOn(await run<Activity>('activities', q.visits), now, me);
      expect(visits.map((a) => a.id)).toEqual(visitsOn(activities, now, me).map((a) => a.id));
      expect(visits.length).toBeGreaterThan(5);
      const everyDeal = deals.filter((d) => me === null || d.ownerId === null || d.ownerId === me).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      expect((await run<Deal>('deals', q.deals)).map((d) => d.id)).toEqual(everyDeal.slice(0, 5).map((d) => d.id));
    }
  });

  it('the Activities queries give the chosen owners’ tasks and log, shared ones included', async () => {
    const viewer = { userId: ME, team: 'North', people: [{ id: OTHER, name: 'Other', team: 'North', active: true }] };
    for (const [whose, expected] of [['mine', [ME, null]], ['team', [ME, OTHER, null]], ['everyone', [ME, OTHER, null]]] as const) {
      const owners = ownersOf(whose, { ...viewer, team: whose === 'mine' ? null : viewer.team });
      for (const view of ['all', 'open', 'done'] as const) {
        const tasks = tasksFor(await run<Activity>('activities', activityQuery('tasks', owners, view)), view, now);
        expect(tasks.map((a) => a.id)).toEqual(tasksFor(activities.filter((a) => (expected as readonly (string | null)[]).includes(a.ownerId)), view, now).map((a) => a.id));
        expect(tasks.length).toBeGreaterThan(5);
      }
      const log = await run<Activity>('activities', activityQuery('log', owners));
      expect(log.length).toBe(activities.filter((a) => a.kind !== 'task' && (expected as readonly (string | null)[]).includes(a.ownerId)).length);
      expect(new Set(log.map((a) => a.ownerId))).toEqual(new Set(expected));
    }
  });
});
