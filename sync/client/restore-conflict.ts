// Browser module: acting on a kept conflict. Restoring writes the losing value back as a new
// local edit (which syncs like any other); dismissing just forgets it.
import type { CollectionName } from '@/sync/schema/collections';
import type { SyncDatabase } from './create-database';

/** Puts the conflict's local value back (or re-creates / re-deletes the record), then forgets the conflict. */
export async function restoreConflict(db: SyncDatabase, conflictId: string, now = new Date()): Promise<void> {
  const conflict = await db.conflicts.findOne(conflictId).exec();
  if (!conflict) return;
  const collection = db.collections[conflict.collectionName as CollectionName];
  if (!collection) throw new Error(`Unknown collection ${conflict.collectionName}`);
  const updatedAt = now.toISOString();
  const doc = await collection.findOne(conflict.recordId).exec();
  switch (conflict.kind) {
    case 'field':
      if (doc) await doc.incrementalPatch({ [conflict.field]: JSON.parse(conflict.localValue) as unknown, updatedAt });
      break;
    case 'deleted-on-server': {
      const { _deleted: _ignored, ...record } = JSON.parse(conflict.localValue) as Record<string, unknown>;
      await collection.upsert({ ...record, id: conflict.recordId, updatedAt });
      break;
    }
    case 'delete-overridden':
      if (doc) await doc.remove();
      break;
    case 'rejected': {
      // Re-apply the refused change as a new local edit: only the fields it changed, on top
      // of the record as it is now (the owner or the rules may have changed since). The
      // server decides again, and a second refusal comes back here.
      const { _deleted: deleted, ...refused } = JSON.parse(conflict.localValue) as Record<string, unknown>;
      const then = JSON.parse(conflict.serverValue) as Record<string, unknown> | null;
      if (deleted) await doc?.remove();
      else if (!then || !doc) await collection.upsert({ ...refused, id: conflict.recordId, updatedAt });
      else {
        const changed = Object.keys(refused).filter((f) => !['id', 'createdAt', 'updatedAt'].includes(f) && JSON.stringify(refused[f]) !== JSON.stringify(then[f]));
        await doc.incrementalPatch({ ...Object.fromEntries(changed.map((f) => [f, refused[f]])), updatedAt });
      }
      break;
    }
  }
  await conflict.remove();
}

/** Forgets a conflict, keeping the record as it is. */
export async function dismissConflict(db: SyncDatabase, conflictId: string): Promise<void> {
  await (await db.conflicts.findOne(conflictId).exec())?.remove();
}
