'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Link } from '@/components/ui/link';
import { editRefusal, type RuleDoc } from '@/lib/records/record-rules';
import { recordActor } from '@/sync/client/record-actor';
import { COLLECTIONS, type CollectionName } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { deleteWithUndo } from './delete-with-undo';
import { useSyncDb } from './use-sync-db';

/**
 * Why this person may not edit or delete `record` (the server's rules, run here), or null.
 * Unknown until the local database has opened and said who is signed in: then nothing is refused.
 */
export function useEditRefusal(collection: CollectionName, record: object | null | undefined): string | null {
  const state = useSyncDb();
  const actor = state.status === 'ready' ? recordActor() : null;
  if (!actor || !record) return null;
  return editRefusal(actor, COLLECTIONS[collection] as unknown as CollectionDef, record as RuleDoc);
}

/**
 * Edit and Delete for a detail page; delete returns to the list and offers Undo. A person the
 * rules do not let change this record sees why instead of controls that would be refused.
 */
export function RecordActions({ collection, record, label, editHref, listHref }: { collection: CollectionName; record: { id: string }; label: string; editHref: string; listHref: string }) {
  const state = useSyncDb();
  const router = useRouter();
  const refusal = useEditRefusal(collection, record);
  if (refusal) {
    return (
      <p className="max-w-prose text-sm">
        <strong>Read only.</strong> {refusal}
      </p>
    );
  }
  return (
    <div className="flex flex-wrap gap-2">
      <Link href={editHref}>Edit</Link>
      <Button
        variant="danger"
        isDisabled={state.status !== 'ready'}
        onPress={() => {
          if (state.status !== 'ready') return;
          void deleteWithUndo(state.handle.db, collection, record.id, label).then(() => router.push(listHref));
        }}
      >
        Delete
      </Button>
    </div>
  );
}
