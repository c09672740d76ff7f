'use client';

import { useMemo } from 'react';
import type { MangoQuery } from 'rxdb';
import { map } from 'rxjs';
import type { CollectionName } from '@/sync/schema/collections';
import type { ConflictDoc } from '@/sync/client/conflicts';
import type { RecordOf } from './record-types';
import { useObservable } from './use-observable';
import { useSyncDb } from './use-sync-db';

/**
 * Live records of one collection from the local database: re-renders on every local or
 * synced change. `query` is compared by value, so an inline object literal is fine.
 * Undefined while the database opens.
 */
export function useRecords<K extends CollectionName>(name: K, query?: MangoQuery): RecordOf<K>[] | undefined {
  const state = useSyncDb();
  const db = state.status === 'ready' ? state.handle.db : null;
  const queryKey = JSON.stringify(query ?? {});
  const source = useMemo(() => {
    if (!db) return null;
    // The documents were validated against the collection schema when written, so the cast
    // only names the type RxDB cannot infer from our generic collection map.
    return db[name].find(JSON.parse(queryKey) as MangoQuery).$.pipe(map((docs) => docs.map((d) => d.toJSON() as unknown as RecordOf<K>)));
  }, [db, name, queryKey]);
  return useObservable(source);
}

/** One live record by id: undefined while loading, null when there is no such record (or it was deleted). */
export function useRecord<K extends CollectionName>(name: K, id: string | null): RecordOf<K> | null | undefined {
  const state = useSyncDb();
  const db = state.status === 'ready' ? state.handle.db : null;
  const source = useMemo(() => {
    if (!db || !id) return null;
    return db[name].findOne(id).$.pipe(map((d) => (d ? (d.toJSON() as unknown as RecordOf<K>) : null)));
  }, [db, name, id]);
  const value = useObservable(source);
  if (state.status === 'unavailable' || (state.status === 'ready' && !id)) return null;
  return value;
}

/** The signed-in user's id, once the database is open. */
export function useMyUserId(): string | null {
  const state = useSyncDb();
  return state.status === 'ready' ? state.handle.userId : null;
}

/** Unresolved conflicts kept on this device, newest first; only those of one record when `recordId` is given. */
export function useConflicts(recordId?: string | null): ConflictDoc[] | undefined {
  const state = useSyncDb();
  const db = state.status === 'ready' ? state.handle.db : null;
  const source = useMemo(() => {
    if (!db) return null;
    const selector = recordId ? { recordId } : {};
    return db.conflicts.find({ selector, sort: [{ createdAt: 'desc' }] }).$.pipe(map((docs) => docs.map((d) => d.toJSON() as ConflictDoc)));
  }, [db, recordId]);
  return useObservable(source);
}
