'use client';

import { useSearchParams } from 'next/navigation';
import { PageHeader } from '@/components/shell/page-header';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Button } from '@/components/ui/button';
import { Link } from '@/components/ui/link';
import { showToast } from '@/components/ui/toast-store';
import { dismissConflict, restoreConflict } from '@/sync/client/restore-conflict';
import type { ConflictDoc } from '@/sync/client/conflicts';
import { collectionNameSchema, type CollectionName } from '@/sync/schema/collections';
import { formatDateTime } from '@/components/records/format';
import { companyName, contactName, dealName, recordHref } from '@/components/records/record-names';
import type { Company, Contact, Deal } from '@/components/records/record-types';
import { useConflicts, useRecord } from '@/components/records/use-records';
import { useSyncDb } from '@/components/records/use-sync-db';
import { conflictChoices, describeValue, fieldWords, refusedChanges } from './conflict-text';

export function ConflictsScreen() {
  const recordFilter = useSearchParams().get('record');
  const conflicts = useConflicts(recordFilter);
  return (
    <>
      <Breadcrumbs
        items={[
          { href: '/today', label: 'Today' },
          { href: '/conflicts', label: 'Conflicts' },
        ]}
      />
      <PageHeader
        title="Conflicts"
        description="Your changes that lost to someone else's or that the server refused, and other people's changes that lost to yours. Choose what to keep."
      />
      {recordFilter ? <Link href="/conflicts">Show conflicts of every record</Link> : null}
      <p role="status" className="font-semibold" data-loading={conflicts ? undefined : ''}>
        {!conflicts ? 'Loading conflicts…' : conflicts.length === 0 ? 'No conflicts to review.' : `${conflicts.length} ${conflicts.length === 1 ? 'conflict' : 'conflicts'} to review.`}
      </p>
      {conflicts?.length ? (
        <ul className="flex flex-col gap-3">
          {conflicts.map((c) => (
            <ConflictItem key={c.id} conflict={c} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

function ConflictItem({ conflict }: { conflict: ConflictDoc }) {
  const state = useSyncDb();
  const parsed = collectionNameSchema.safeParse(conflict.collectionName);
  const collection: CollectionName = parsed.success ? parsed.data : 'contacts';
  const record = useRecord(collection, conflict.recordId);
  const choices = conflictChoices(conflict);
  const name = record ? nameOf(collection, record) : `a ${collection.replace(/s$/, '')} (id ${conflict.recordId.slice(0, 8)}…)`;
  const href = record ? hrefOf(collection, conflict.recordId) : null;
  const headingId = `conflict-${conflict.id.replace(/[^a-zA-Z0-9]/g, '-')}`;

  async function choose(restore: boolean) {
    if (state.status !== 'ready') return;
    if (restore) await restoreConflict(state.handle.db, conflict.id);
    else await dismissConflict(state.handle.db, conflict.id);
    showToast(`${restore ? choices.restore : settled ? 'Dismissed' : choices.dismiss}: done for ${name}.`, 'success');
  }

  // Another person's value set aside is news, not a problem with one's own change.
  const theirs = conflict.side === 'theirs';
  // The value set aside may be in use again since (the other side chose it, or someone typed
  // it): nothing left to choose.
  const settled = conflict.kind === 'field' && record != null && JSON.stringify((record as Record<string, unknown>)[conflict.field] ?? null) === conflict.localValue;
  return (
    <li className={`rounded-md border-2 border-l-8 bg-surface p-3 ${theirs ? 'border-border' : 'border-danger'}`} data-side={theirs ? 'theirs' : 'mine'}>
      <article aria-labelledby={headingId} className="flex flex-col gap-2">
        <h2 id={headingId} className="text-lg font-bold">
          {href ? <Link href={href}>{name}</Link> : name}
        </h2>
        <p>{choices.summary}</p>
        {conflict.kind === 'rejected' ? (
          <>
            <p>
              <strong>Reason:</strong> {conflict.reason ?? 'not given'}
            </p>
            <RefusedValues conflict={conflict} />
          </>
        ) : null}
        {conflict.kind === 'field' ? (
          <dl className="grid gap-x-4 sm:grid-cols-[max-content_1fr]">
            <dt className="font-semibold">{choices.lostLabel}</dt>
            <dd className="break-words">{describeValue(conflict.localValue)}</dd>
            <dt className="font-semibold">{choices.keptLabel}</dt>
            <dd className="break-words">{describeValue(conflict.serverValue)}</dd>
          </dl>
        ) : null}
        <p className="text-sm">
          Found <time dateTime={conflict.createdAt}>{formatDateTime(conflict.createdAt)}</time>
        </p>
        {settled ? (
          <>
            <p>{theirs ? 'Their' : 'Your'} value is in use now: it was changed back since.</p>
            <div className="flex flex-wrap gap-2">
              <Button onPress={() => void choose(false)}>Done</Button>
            </div>
          </>
        ) : (
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" onPress={() => void choose(true)}>
              {choices.restore}
            </Button>
            <Button onPress={() => void choose(false)}>{choices.dismiss}</Button>
          </div>
        )}
      </article>
    </li>
  );
}

/** The refused change, field by field where it differs from the server's record, to copy or re-apply. */
function RefusedValues({ conflict }: { conflict: ConflictDoc }) {
  const rows = refusedChanges(conflict);
  if (rows.length === 0) return null;
  return (
    <dl className="grid gap-x-4 sm:grid-cols-[max-content_1fr]">
      {rows.map((r) => (
        <div key={r.field} className="contents">
          <dt className="font-semibold">{`Your ${fieldWords(r.field)}`}</dt>
          <dd className="break-words">
            {r.mine} <span className="text-muted">{`(on the server: ${r.server})`}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function nameOf(collection: CollectionName, record: object): string {
  if (collection === 'contacts') return contactName(record as Contact);
  if (collection === 'companies') return companyName(record as Company);
  if (collection === 'deals') return dealName(record as Deal);
  return (record as { name?: string; subject?: string }).name ?? (record as { subject?: string }).subject ?? 'Record';
}

function hrefOf(collection: CollectionName, id: string): string | null {
  if (collection === 'contacts') return recordHref.contact(id);
  if (collection === 'companies') return recordHref.company(id);
  if (collection === 'deals') return recordHref.deal(id);
  return null;
}
