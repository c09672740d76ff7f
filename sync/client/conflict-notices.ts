// Browser module (also run in Node tests): reads the signed-in person's conflict notices
// (other people's values set aside because this person's change stayed) into the local
// conflicts collection, where the record and the conflicts view show them beside one's own.
// Read when the live stream says there is one (`notices`), and on every (re)connect.
import { collectionNameSchema } from '@/sync/schema/collections';
import { conflictNoticesResponseSchema, MAX_CONFLICT_NOTICES, NOTICES_FROM_START, type ConflictNoticesResponse } from '@/sync/schema/conflict-notice';
import type { SyncDatabase } from './create-database';
import { toNoticeDoc } from './conflicts';

/** Asks the server for the notices after a cursor (`GET /api/sync/conflicts?after=`). */
export type ReadNotices = (after: string) => Promise<unknown>;

/** The real reader, over HTTP. */
export function httpNoticeReader(url = '/api/sync/conflicts', fetchFn: typeof fetch = (...a) => fetch(...a)): ReadNotices {
  return async (after) => {
    const res = await fetchFn(`${url}?after=${encodeURIComponent(after)}`, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`Conflict notices could not be read (${res.status}).`);
    return res.json();
  };
}

/** Where this device's reading has got to, kept in the database so a reload does not read again. */
const CURSOR_KEY = 'conflict-notices';
type Cursor = { after: string };

/**
 * Returns `refresh()`: reads every notice after the stored cursor and keeps it (one read at a
 * time; a refresh asked for meanwhile runs once more after it). Resolves to how many it kept.
 */
export function conflictNoticeReader(db: SyncDatabase, read: ReadNotices): { refresh(): Promise<number> } {
  let running: Promise<number> | null = null;
  let again = false;
  const readAll = async (): Promise<number> => {
    let kept = 0;
    let after = ((await db.getLocal<Cursor>(CURSOR_KEY))?.toJSON().data as Cursor | undefined)?.after ?? NOTICES_FROM_START;
    for (;;) {
      const page: ConflictNoticesResponse = conflictNoticesResponseSchema.parse(await read(after));
      // A collection this release does not know (a newer server) is skipped, not stored.
      const docs = page.notices.filter((n) => collectionNameSchema.safeParse(n.collection).success).map(toNoticeDoc);
      // RxDB answers a failed write in `error` rather than throwing: the cursor must not pass it.
      const written = docs.length ? await db.conflicts.bulkUpsert(docs) : { error: [] };
      if (written.error.length) throw new Error(`Conflict notices could not be stored (${written.error[0]!.status}).`);
      kept += docs.length;
      after = page.cursor;
      await db.upsertLocal<Cursor>(CURSOR_KEY, { after });
      if (page.notices.length < MAX_CONFLICT_NOTICES) return kept;
    }
  };
  const refresh = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = readAll().finally(() => {
      running = null;
      if (again) {
        again = false;
        void refresh().catch(() => undefined);
      }
    });
    return running;
  };
  return { refresh };
}
