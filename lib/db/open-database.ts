import 'server-only';
import path from 'node:path';
import { env } from '../env';
import { migrate } from './migrate';
import type { Database } from './types';

/** Opens the configured database: Postgres when DATABASE_URL is set, else embedded PGlite. */
export async function openDatabase(): Promise<Database> {
  const { DATABASE_URL, PGLITE_DATA_DIR, DATABASE_POOL_SIZE } = env();
  if (DATABASE_URL) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(DATABASE_URL, DATABASE_POOL_SIZE);
  }
  const { openPGlite } = await import('./pglite');
  return openPGlite(path.resolve(process.cwd(), PGLITE_DATA_DIR));
}

// Kept on globalThis so Next's dev reloads and several route bundles share one handle:
// PGlite is a single connection that one process may open only once.
const holder = globalThis as unknown as { __crmDb?: Promise<Database> };

/** The process-wide database, opened lazily (never at build time) and migrated once. */
export function getDb(): Promise<Database> {
  holder.__crmDb ??= openDatabase().then(async (db) => {
    await migrate(db);
    return db;
  });
  return holder.__crmDb;
}

/** Replaces the process-wide database (tests). */
export function setDb(db: Database | undefined): void {
  holder.__crmDb = db ? Promise.resolve(db) : undefined;
}
