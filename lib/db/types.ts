// Server-only in practice (imported by lib/db), but free of Node imports so tests can use it.

export type Row = Record<string, unknown>;

export interface QueryResult<T extends Row = Row> {
  rows: T[];
  /** Rows changed by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export type Unlisten = () => Promise<void>;

/** The one server database: embedded PGlite or a real Postgres, same SQL on both. */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Subscribes to a Postgres NOTIFY channel. `onLost` is called (once) if the connection
   * holding the LISTEN dies: notifications from then on are lost until the caller listens again.
   */
  listen(channel: string, onPayload: (payload: string) => void, onLost?: (err: Error) => void): Promise<Unlisten>;
  close(): Promise<void>;
}
