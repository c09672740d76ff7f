import 'server-only';
import { randomBytes } from 'node:crypto';

type Listener = (tenantId: string, collection: string, token: string) => void;
const holder = globalThis as unknown as { __crmLocalWrites?: Set<Listener>; __crmWriteTokens?: { prefix: string; n: number } };
const listeners = (holder.__crmLocalWrites ??= new Set());
const tokens = (holder.__crmWriteTokens ??= { prefix: randomBytes(6).toString('hex'), n: 0 });

/** A token naming one write of this process, carried by its commit notification. */
export function newWriteToken(): string {
  tokens.n += 1;
  return `${tokens.prefix}.${tokens.n}`;
}

/**
 * In-process signal, raised by the record pipeline inside the writing transaction (before it
 * commits): this process is about to change `collection` of `tenantId` with the write `token`.
 * The commit's NOTIFY, carrying the same token, reaches every instance a moment after the
 * commit; this reaches this instance's caches before it, so a read made here right after the
 * commit cannot be answered from a stale cache.
 */
export function signalLocalWrite(tenantId: string, collection: string, token: string): void {
  for (const l of listeners) l(tenantId, collection, token);
}

/** Calls `listener` on every {@link signalLocalWrite} of this process; returns the unsubscribe. */
export function onLocalWrite(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
