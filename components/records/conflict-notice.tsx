'use client';

import { Link } from '@/components/ui/link';
import { useConflicts } from './use-records';

const count = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);

/** Marks a record with a conflict to review: one's own change set aside or refused, or another person's set aside by one's own. */
export function ConflictNotice({ recordId }: { recordId: string }) {
  const conflicts = useConflicts(recordId);
  if (!conflicts?.length) return null;
  const theirs = conflicts.filter((c) => c.side === 'theirs').length;
  const mine = conflicts.length - theirs;
  return (
    <div className={`flex flex-wrap items-center gap-2 rounded-md border-2 border-l-8 bg-surface p-3 ${mine ? 'border-danger' : 'border-border'}`}>
      {mine ? (
        <p>
          <strong>Conflict:</strong> {count(mine, 'one change', 'changes')} made on this device lost to another change or {mine === 1 ? 'was' : 'were'} refused by
          the server.
        </p>
      ) : null}
      {theirs ? (
        <p>
          <strong>Conflict:</strong> your change replaced {count(theirs, 'a value', 'values')} someone else set at the same time; theirs {theirs === 1 ? 'is' : 'are'} kept for
          you to review.
        </p>
      ) : null}
      <Link href={`/conflicts?record=${encodeURIComponent(recordId)}`}>Review conflicts</Link>
    </div>
  );
}
