// Server-only in practice (imported by lib/db), but free of Node imports so tests can use it.
import type { Database, Queryable } from './types';

/** Work to do once a transaction has committed; given the database it committed on. */
export type AfterCommit = (db: Database) => void | Promise<void>;

const pending = new WeakMap<Queryable, Map<string, AfterCommit>>();

/**
 * Runs `fn` after `tx` commits (never when it rolls back), once per `key` however often it is
 * asked for. The database adapters run it when their `transaction()` has committed and before
 * it returns (a hook that should not hold the caller up starts its work and returns). `tx` must be the transaction object the adapter
 * handed out; on anything else (the database itself, outside a transaction) nothing runs.
 */
export function afterCommit(tx: Queryable, key: string, fn: AfterCommit): void {
  const hooks = pending.get(tx);
  if (hooks) {
    if (!hooks.has(key)) hooks.set(key, fn);
    return;
  }
  pending.set(tx, new Map([[key, fn]]));
}

/**
 * For the adapters: runs the hooks `tx` collected, one after the other. A hook's error is
 * reported, not thrown: the transaction has committed, and each hook's work must be safe to
 * leave to a later run.
 */
export async function runAfterCommit(tx: Queryable, db: Database): Promise<void> {
  const hooks = pending.get(tx);
  if (!hooks) return;
  pending.delete(tx);
  for (const [key, fn] of hooks) {
    try {
      await fn(db);
    } catch (err) {
      console.error(`after-commit ${key} failed:`, (err as Error).message);
    }
  }
}

/** For the adapters: forgets what a rolled-back `tx` asked for. */
export function dropAfterCommit(tx: Queryable): void {
  pending.delete(tx);
}
