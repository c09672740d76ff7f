import 'server-only';
import { randomBytes } from 'node:crypto';
import { migrate } from './migrate';
import type { Database } from './types';

export interface TestDatabase {
  db: Database;
  /** Closes the connection and drops the throwaway database. */
  dispose(): Promise<void>;
}

/**
 * A migrated, empty database for one test file: in-memory PGlite by default, or a fresh
 * database on the server named by DATABASE_URL (a pool of `poolSize` connections), so the
 * same tests run on both engines.
 */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const { openPGlite } = await import('./pglite');
    const db = await openPGlite();
    await migrate(db);
    return { db, dispose: () => db.close() };
  }
  const { openPostgres } = await import('./postgres');
  const name = `crm_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE DATABASE ${name}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const db = await openPostgres(testUrl.toString(), poolSize);
  await migrate(db);
  return {
    db,
    async dispose() {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
