import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from './testing';
import type { Database, Unlisten } from './types';
import { NotifyHub } from './notify-hub';

// The one LISTEN/NOTIFY fan-out behind the record-change and session-revocation hubs.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.dispose();
});

const CHANNEL = 'crm_test_hub';
const A = '0190a1b2-0000-7000-8000-00000000000a';
const B = '0190a1b2-0000-7000-8000-00000000000b';
const notify = (payload: unknown) => t.db.query('SELECT pg_notify($1, $2)', [CHANNEL, typeof payload === 'string' ? payload : JSON.stringify(payload)]);
const settle = () => new Promise((r) => setTimeout(r, 100));

/** Counts LISTEN and UNLISTEN calls on the real database. */
function counting(db: Database) {
  const calls = { listen: 0, unlisten: 0 };
  const wrapped: () => Promise<Database> = async () =>
    Object.assign(Object.create(db) as Database, {
      listen: async (channel: string, on: (p: string) => void): Promise<Unlisten> => {
        calls.listen += 1;
        const stop = await db.listen(channel, on);
        return async () => {
          calls.unlisten += 1;
          await stop();
        };
      },
    });
  return { calls, wrapped };
}

describe('NotifyHub', () => {
  it('routes each payload to the listeners of the key it names, with the value the channel defines', async () => {
    const { calls, wrapped } = counting(t.db);
    const hub = new NotifyHub(wrapped, { channel: CHANNEL, payload: z.object({ k: z.uuid(), n: z.number().int() }), route: (p) => ({ key: p.k, value: p.n * 2 }) });
    const got: Record<string, number[]> = { a1: [], a2: [], b: [] };
    const offA1 = await hub.subscribe(A, (v) => got.a1?.push(v));
    const offA2 = await hub.subscribe(A, (v) => got.a2?.push(v));
    const offB = await hub.subscribe(B, (v) => got.b?.push(v));
    expect(calls.listen).toBe(1); // one LISTEN for every subscriber
    expect(hub.listenerCount(A)).toBe(2);

    await notify({ k: A, n: 1 });
    await notify({ k: B, n: 2 });
    // Not ours or malformed: ignored, and later notifications still arrive.
    for (const bad of ['not json', { k: 'not-a-uuid', n: 3 }, { k: A, n: 'x' }, { k: A }]) await notify(bad);
    await notify({ k: A, n: 4 });
    await settle();
    expect(got).toEqual({ a1: [2, 8], a2: [2, 8], b: [4] });

    await offA1();
    await offA1(); // twice is harmless
    await offB();
    expect(calls.unlisten).toBe(0);
    await offA2();
    expect(calls.unlisten).toBe(1); // the last subscriber closes the LISTEN
    expect(hub.listenerCount(A)).toBe(0);

    await hub.subscribe(B, (v) => got.b?.push(v)).then((off) => off());
    expect(calls).toEqual({ listen: 2, unlisten: 2 }); // reopened on demand
  });

  it('a failed LISTEN leaves no subscriber behind, and the next subscribe tries again', async () => {
    let fail = true;
    const hub = new NotifyHub(async () => (fail ? Promise.reject(new Error('no connection')) : t.db), { channel: CHANNEL, payload: z.object({ k: z.string() }), route: (p) => ({ key: p.k, value: undefined }) });
    await expect(hub.subscribe(A, () => undefined)).rejects.toThrow('no connection');
    expect(hub.listenerCount(A)).toBe(0);
    fail = false;
    let told = 0;
    const off = await hub.subscribe(A, () => void (told += 1));
    await notify({ k: A });
    await settle();
    expect(told).toBe(1);
    await off();
  });

  it('a lost LISTEN connection is opened again, and every subscriber hears that notifications may have been missed', async () => {
    let lose: ((err: Error) => void) | undefined;
    let listens = 0;
    const db: () => Promise<Database> = async () =>
      Object.assign(Object.create(t.db) as Database, {
        listen: async (channel: string, on: (p: string) => void, onLost?: (err: Error) => void): Promise<Unlisten> => {
          listens += 1;
          lose = onLost;
          return t.db.listen(channel, on);
        },
      });
    const hub = new NotifyHub(db, { channel: CHANNEL, payload: z.object({ k: z.string() }), route: (p) => ({ key: p.k, value: undefined }) });
    let told = 0;
    let gaps = 0;
    const off = await hub.subscribe(A, () => void (told += 1), () => void (gaps += 1));
    expect(hub.listening).toBe(true);
    lose!(new Error('connection reset'));
    expect(hub.listening).toBe(false);
    await expect.poll(() => gaps, { timeout: 5000 }).toBe(1);
    expect(listens).toBe(2);
    expect(hub.listening).toBe(true);
    await notify({ k: A });
    await expect.poll(() => told, { timeout: 5000 }).toBe(1);
    await off();
  });

  it.skipIf(!process.env.DATABASE_URL)('on Postgres, a LISTEN connection killed by the server comes back and reports the gap', async () => {
    // PGlite runs in this process: its LISTEN has no connection to lose.
    const hub = new NotifyHub(async () => t.db, { channel: CHANNEL, payload: z.object({ k: z.string() }), route: (p) => ({ key: p.k, value: undefined }) });
    let told = 0;
    let gaps = 0;
    const off = await hub.subscribe(A, () => void (told += 1), () => void (gaps += 1));
    const killed = await t.db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
      [`LISTEN "${CHANNEL}"`],
    );
    expect(killed.rows[0]!.n).toBe(1);
    await expect.poll(() => gaps, { timeout: 10_000 }).toBe(1);
    await notify({ k: A });
    await expect.poll(() => told, { timeout: 5000 }).toBe(1);
    await off();
  });
});
