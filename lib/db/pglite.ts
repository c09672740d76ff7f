import 'server-only';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { textParsers } from './type-parsers';
import { dropAfterCommit, runAfterCommit } from './after-commit';
import type { Database, Queryable, QueryResult, Row } from './types';

type PGliteTx = Parameters<Parameters<PGlite['transaction']>[0]>[0];

function wrap(q: PGlite | PGliteTx): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, [...params]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

/** Opens embedded Postgres; `dataDir` undefined keeps it in memory (tests). */
export async function openPGlite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { parsers: textParsers });
  const base = wrap(pg);
  const db: Database = {
    kind: 'pglite',
    query: base.query,
    async transaction(fn) {
      let tx: Queryable | undefined;
      let result;
      try {
        result = await pg.transaction((raw) => fn((tx = wrap(raw))));
      } catch (err) {
        if (tx) dropAfterCommit(tx);
        throw err;
      }
      // After the transaction let go of the one connection: the hooks open transactions of their own.
      if (tx) await runAfterCommit(tx, db);
      return result;
    },
    exec: async (sql) => {
      await pg.exec(sql);
    },
    listen: async (channel, onPayload) => pg.listen(channel, onPayload),
    close: () => pg.close(),
  };
  return db;
}
