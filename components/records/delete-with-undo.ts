// Browser module: delete now, offer Undo in a notification that stays until dismissed
// (WCAG 2.2.3: no timed undo window), instead of an "are you sure" step before every delete.
import type { SyncDatabase } from '@/sync/client/create-database';
import type { CollectionName } from '@/sync/schema/collections';
import { showToast } from '@/components/ui/toast-store';
import { deleteRecord, restoreRecord } from './record-writes';

export async function deleteWithUndo(db: SyncDatabase, name: CollectionName, id: string, label: string): Promise<void> {
  const before = await deleteRecord(db, name, id);
  if (!before) return;
  showToast(`Deleted ${label}.`, 'success', {
    label: `Undo delete`,
    onAction: () => {
      void restoreRecord(db, name, before).then(() => showToast(`Restored ${label}.`, 'success'));
    },
  });
}
