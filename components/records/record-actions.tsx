'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Link } from '@/components/ui/link';
import type { CollectionName } from '@/sync/schema/collections';
import { deleteWithUndo } from './delete-with-undo';
import { useSyncDb } from './use-sync-db';

/** Edit and Delete for a detail page; delete returns to the list and offers Undo. */
export function RecordActions({ collection, id, label, editHref, listHref }: { collection: CollectionName; id: string; label: string; editHref: string; listHref: string }) {
  const state = useSyncDb();
  const router = useRouter();
  return (
    <div className="flex flex-wrap gap-2">
      <Link href={editHref}>Edit</Link>
      <Button
        variant="danger"
        isDisabled={state.status !== 'ready'}
        onPress={() => {
          if (state.status !== 'ready') return;
          void deleteWithUndo(state.handle.db, collection, id, label).then(() => router.push(listHref));
        }}
      >
        Delete
      </Button>
    </div>
  );
}
