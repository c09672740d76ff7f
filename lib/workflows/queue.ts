import 'server-only';
import PgBoss from 'pg-boss';
import { splitSql } from '../db/migrate';
import type { Database, Queryable } from '../db/types';
import { safeError } from '../observability/safe-error';

/** The one queue of the engine: a job means "advance this run as far as it can go". */
export const RUN_QUEUE = 'workflow-run';

export interface RunJob {
  tenantId: string;
  runId: string;
}

/**
 * pg-boss's `db` option on top of our Database, so the queue lives in the same Postgres or
 * PGlite as the data. Parameterised statements go straight through; pg-boss's unparameterised
 * batches (its schema migration and `BEGIN; lock; ...; COMMIT` blocks) run statement by
 * statement inside one of our transactions, which is what makes them atomic on PGlite's single
 * connection and on a pool alike.
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

export interface QueueOptions {
  /** Seconds before a job whose worker went silent (crash, hang) is retried elsewhere. */
  expireInSeconds?: number;
  /** Seconds between pg-boss maintenance passes (which is when expired jobs are retried). */
  maintenanceIntervalSeconds?: number;
}

/** Starts pg-boss on `db` (creates its schema once) and the engine's queue. */
export async function startQueue(db: Database, options: QueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    db: bossAdapter(db),
    // Maintenance (archiving, expiring) on a relaxed schedule; the engine's own timers
    // table handles waits, so pg-boss's clock monitor is not needed.
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (err: Error) => console.error('workflow queue error', safeError(err)));
  await boss.start();
  await boss.createQueue(RUN_QUEUE, {
    name: RUN_QUEUE,
    // Infrastructure retries only (a crashed worker): step failures are retried by the engine.
    retryLimit: 20,
    retryDelay: 1,
    retryBackoff: true,
    expireInSeconds: options.expireInSeconds ?? 300,
  }).catch((err: Error) => {
    // Two processes starting at once: the queue already exists.
    if (!/already exists|duplicate/i.test(err.message)) throw err;
  });
  return boss;
}
