import 'server-only';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { textParsers } from './type-parsers';
import { dropAfterCommit, runAfterCommit } from './after-commit';
import type { Database, Queryable, QueryResult, Row } from './types';
import { safeError } from '../observability/safe-error';

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    textParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function wrap(q: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query<T>({ text: sql, values: [...params], types });
      return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
    },
  };
}

/** How often (ms) a LISTEN connection proves it still delivers: it notifies itself (see listen). */
export const LISTEN_HEARTBEAT_MS = 5_000;
/** What a heartbeat's payload starts with: never JSON, so no channel's schema can take it. */
const HEARTBEAT_PREFIX = 'heartbeat:';
/** This process's beats, told apart from other instances' on the same channel. */
const HEARTBEAT_ID = `${HEARTBEAT_PREFIX}${randomBytes(8).toString('hex')}:`;
let heartbeats = 0;

/** Connects to a real Postgres through a pool. */
export async function openPostgres(url: string, max = 10, opts: { listenHeartbeatMs?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.error('postgres pool error', safeError(err)));
  const base = wrap(pool);
  // Open LISTEN subscriptions: each holds a pool client, which close() must give back first.
  const listening = new Set<() => Promise<void>>();
  const db: Database = {
    kind: 'postgres',
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      const tx = wrap(client);
      let result;
      try {
        await client.query('BEGIN');
        result = await fn(tx);
        await client.query('COMMIT');
      } catch (err) {
        dropAfterCommit(tx);
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      // After the connection is back in the pool: the hooks open transactions of their own.
      await runAfterCommit(tx, db);
      return result;
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    async listen(channel, onPayload, onLost) {
      // LISTEN needs a dedicated connection for as long as the subscription lives.
      const client = await pool.connect();
      let dead: Error | null = null;
      // A heartbeat sent and not heard back yet, and when.
      let awaiting: { payload: string; at: number } | null = null;
      const handler = (msg: pg.Notification) => {
        if (msg.channel !== channel) return;
        const payload = msg.payload ?? '';
        if (payload.startsWith(HEARTBEAT_PREFIX)) {
          if (payload === awaiting?.payload) awaiting = null; // other connections' beats are theirs
          return;
        }
        onPayload(payload);
      };
      // A dropped connection (server restart, network, idle kill) ends the LISTEN silently:
      // tell the caller, whose listeners would otherwise wait for notifications that never come.
      const lose = (err?: Error) => {
        if (dead) return;
        dead = err ?? new Error('LISTEN connection ended');
        onLost?.(dead);
      };
      const ended = () => lose();
      client.on('notification', handler);
      client.on('error', lose);
      client.on('end', ended);
      // A connection that stops delivering without closing (a half-open TCP connection: a
      // network partition, a host that vanished) reports nothing at all, and whoever trusts
      // its notifications (a session cache, live streams) would trust them indefinitely. So it
      // notifies itself every beat and must hear that within two beats (one would count a busy
      // event loop as a dead connection); otherwise it is treated as lost, which makes its
      // owner listen again and drop what it cached (NotifyHub's onGap). A notification can thus
      // go unseen for three beats at most.
      const every = opts.listenHeartbeatMs ?? LISTEN_HEARTBEAT_MS;
      const beat = setInterval(() => {
        if (dead) return;
        if (awaiting) {
          if (Date.now() - awaiting.at >= 2 * every) lose(new Error('LISTEN connection stopped delivering'));
          return;
        }
        awaiting = { payload: `${HEARTBEAT_ID}${(heartbeats += 1)}`, at: Date.now() };
        client.query('SELECT pg_notify($1, $2)', [channel, awaiting.payload]).catch((err: Error) => lose(err));
      }, every);
      beat.unref();
      try {
        await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (err) {
        clearInterval(beat);
        dead = err as Error;
        client.off('notification', handler);
        client.off('error', lose);
        client.off('end', ended);
        client.release(dead);
        throw err;
      }
      let stopped = false;
      const stop = async () => {
        if (stopped) return; // the owner and close() may both stop it
        stopped = true;
        clearInterval(beat);
        listening.delete(stop);
        client.off('notification', handler);
        client.off('error', lose);
        client.off('end', ended);
        if (dead) {
          client.release(dead); // destroyed, not returned to the pool
          return;
        }
        dead = new Error('unlistened');
        await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        client.release();
      };
      listening.add(stop);
      return stop;
    },
    async close() {
      // A process-wide listener (a cache's, a live stream hub's) would hold pool.end() forever.
      await Promise.all([...listening].map((stop) => stop()));
      await pool.end();
    },
  };
  return db;
}
