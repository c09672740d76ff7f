// Browser module: how many local changes the server has not accepted yet. RxDB has no public
// API for it; this compares each changed document with the replication's assumed server
// state, using RxDB's exported (internal) helpers. Verified against rxdb 17.6.
import { getAssumedMasterState, getChangedDocumentsSince, getLastCheckpointDoc, writeDocToDocState } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';

/** Pending pushes of one replication; null when it is not running here (another tab leads). */
export async function countPendingPushes<T, C>(rs: RxReplicationState<T, C>): Promise<number | null> {
  const st = rs.internalReplicationState;
  if (!st) return null;
  const collection = rs.collection;
  const primaryPath = collection.schema.primaryPath as string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- RxDB's checkpoint types are internal
  let checkpoint: any = await getLastCheckpointDoc(st, 'up');
  let pending = 0;
  for (;;) {
    const { documents, checkpoint: next } = await getChangedDocumentsSince(collection.storageInstance, 200, checkpoint);
    if (documents.length === 0) break;
    const ids = documents.map((d) => (d as Record<string, unknown>)[primaryPath] as string);
    const assumed = await getAssumedMasterState(st, ids);
    for (const doc of documents) {
      const a = assumed[(doc as Record<string, unknown>)[primaryPath] as string];
      const state = writeDocToDocState(doc, st.hasAttachments, false);
      if (!a || !collection.conflictHandler.isEqual(a.docData, state as typeof a.docData, 'count-pending')) pending += 1;
    }
    checkpoint = next;
  }
  return pending;
}
