import 'server-only';
import { afterCommit } from '../db/after-commit';
import type { Queryable } from '../db/types';

type Listener = (tenantId: string, collection: string) => void;
const holder = globalThis as unknown as { __crmLocalWrites?: Set<Listener> };
const listeners = (holder.__crmLocalWrites ??= new Set());

/**
 * Tells this process's caches, once `tx` has committed and before the writer gets its answer,
 * that `collection` of `tenantId` changed. The commit's NOTIFY reaches every instance a moment
 * later; this reaches this instance first, so a read made here after the write returned can
 * never be answered from a stale cache.
 */
export function signalLocalWrite(tx: Queryable, tenantId: string, collection: string): void {
  afterCommit(tx, `local-write:${tenantId}:${collection}`, () => {
    for (const l of listeners) l(tenantId, collection);
  });
}

/** Calls `listener` after every committed write signalled in this process; returns the unsubscribe. */
export function onLocalWrite(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
