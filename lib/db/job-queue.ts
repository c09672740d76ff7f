import 'server-only';
import PgBoss from 'pg-boss';
import { splitSql } from './sql-split';
import type { Database, Queryable } from './types';

// The job queue (pg-boss) lives in the same Postgres or PGlite as the data, so a job can be
// queued by the transaction that causes it. Its schema and queues are made with the
// migrations: the database itself queues workflow triggers (0013), so they must exist before
// the first record is written, whatever process writes it.

/** "Evaluate the record-triggered workflows for these changes": queued by a trigger on record_changes (0013). */
export const TRIGGER_QUEUE = 'workflow-trigger';
/** "Advance this run as far as it can go": queued with each run, each wait and each retry. */
export const RUN_QUEUE = 'workflow-run';

/**
 * `startAfter` for a job that is due at once. pg-boss fetches only jobs with
 * `start_after < now()`, and PGlite's clock has millisecond resolution: a job sent and fetched
 * within the same millisecond (a worker woken by the write's NOTIFY, a test draining the queue)
 * was invisible until the clock ticked, or the next poll. Starting it 1 ms in the past closes
 * that gap; pg-boss passes a string through as an interval added to now().
 */
export const DUE_NOW = '-1 millisecond';

/** Infrastructure retries only (a crashed or silent worker): step failures are retried by the engine. */
export const QUEUE_OPTIONS = { retryLimit: 20, retryDelay: 1, retryBackoff: true, expireInSeconds: 300 } as const;

/**
 * pg-boss's `db` option on top of our Database. Parameterised statements go straight
 * through; pg-boss's unparameterised batches (its schema migration and `BEGIN; lock; ...;
 * COMMIT` blocks) run statement by statement inside one of our transactions, which is what
 * makes them atomic on PGlite's single connection and on a pool alike.
 */
export function bossAdapter(db: Database): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return db.query(text, values);
      const statements = splitSql(text).filter((s) => !/^(BEGIN|COMMIT)$/i.test(s.trim()));
      if (statements.length <= 1) return db.query(statements[0] ?? 'SELECT 1');
      return db.transaction(async (tx) => {
        let rows: Record<string, unknown>[] = [];
        for (const statement of statements) rows = (await tx.query(statement)).rows;
        return { rows };
      });
    },
  };
}

/** pg-boss's `db` option bound to an open transaction: a job sent through it commits with it. */
export function txAdapter(tx: Queryable): PgBoss.Db {
  return { executeSql: (text: string, values?: unknown[]) => tx.query(text, values ?? []) };
}

/** Creates or upgrades pg-boss's schema and the engine's queues; safe to run again and from two processes at once. */
export async function ensureJobQueues(db: Database): Promise<void> {
  const boss = new PgBoss({ db: bossAdapter(db), schedule: false, supervise: false });
  await boss.start();
  try {
    for (const name of [TRIGGER_QUEUE, RUN_QUEUE]) {
      if (await boss.getQueue(name)) continue;
      await boss.createQueue(name, { name, ...QUEUE_OPTIONS }).catch((err: Error) => {
        // Another process created it meanwhile.
        if (!/already exists|duplicate/i.test(err.message)) throw err;
      });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true, close: false });
  }
}
