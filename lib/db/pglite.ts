import 'server-only';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { textParsers } from './type-parsers';
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
  return {
    kind: 'pglite',
    query: base.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    listen: async (channel, onPayload) => pg.listen(channel, onPayload),
    close: () => pg.close(),
  };
}
