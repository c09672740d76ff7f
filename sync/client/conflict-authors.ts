// Browser module: hands who made the changes that stayed (the push answer's `keptBy`) from the
// push handler to the conflict handler, which stores them beside the values it sets aside.
// Scoped per local database like refused-rows.ts, so two clients in one test process never
// see each other's.
import type { ConflictAuthors } from '@/sync/schema/conflict-notice';

const held = new WeakMap<object, Map<string, ConflictAuthors>>();

const key = (collection: string, id: string) => `${collection}|${id}`;

/**
 * The push handler, for every row answered: who made the changes that stay over `id`'s, or
 * (undefined) nobody known. Each answer replaces what an earlier one left (RxDB skips the
 * merge when the replication stops in between), so old names never reach a later conflict.
 */
export function holdConflictAuthors(scope: object, collection: string, id: string, authors: ConflictAuthors | undefined): void {
  let map = held.get(scope);
  if (!authors) {
    map?.delete(key(collection, id));
    return;
  }
  if (!map) held.set(scope, (map = new Map()));
  map.set(key(collection, id), authors);
}

/** The conflict handler: the authors held for `id`, forgotten once read (one merge per answer). */
export function takeConflictAuthors(scope: object, collection: string, id: string): ConflictAuthors | undefined {
  const map = held.get(scope);
  const authors = map?.get(key(collection, id));
  map?.delete(key(collection, id));
  return authors;
}
