import 'server-only';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureJobQueues } from './job-queue';
import { splitSql } from './sql-split';
import type { Database } from './types';

export const MIGRATIONS_DIR = path.join(process.cwd(), 'lib', 'db', 'migrations');

// Any constant shared by every process of this app: concurrent starts (several app
// instances, workers) serialise on it so each migration runs exactly once.
const MIGRATION_LOCK = 7_240_001;

/** Applies every `lib/db/migrations/*.sql` not yet applied, in name order, each in a transaction. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  // Before the SQL files: from 0013 on, the database itself queues jobs.
  await ensureJobQueues(db);
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const file of files) {
    const sql = readFileSync(path.join(dir, file), 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file]);
      if (done.rows.length > 0) return false;
      // Statements without parameters: run as one simple-protocol batch inside this transaction.
      for (const statement of splitSql(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      return true;
    });
    if (ran) applied.push(file);
  }
  return applied;
}
