'use client';

import { Link } from '@/components/ui/link';
import { useConflicts } from './use-records';

/** Marks a record whose last sync kept a losing value, with the way to review it. */
export function ConflictNotice({ recordId }: { recordId: string }) {
  const conflicts = useConflicts(recordId);
  if (!conflicts?.length) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md border-2 border-l-8 border-danger bg-surface p-3">
      <p>
        <strong>Conflict:</strong> {conflicts.length === 1 ? 'one change' : `${conflicts.length} changes`} made on this device lost to a newer change
        on the server or {conflicts.length === 1 ? 'was' : 'were'} refused by it.
      </p>
      <Link href={`/conflicts?record=${encodeURIComponent(recordId)}`}>Review conflicts</Link>
    </div>
  );
}
