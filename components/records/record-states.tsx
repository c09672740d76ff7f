import type { ReactNode } from 'react';
import { PageHeader } from '@/components/shell/page-header';
import { Link } from '@/components/ui/link';
import { SkeletonRecord, SkeletonRows } from '@/components/ui/skeleton';

/** The page while the local database opens (usually a few milliseconds): its shape, and words for screen readers. */
export function RecordLoading({ title, text = 'Loading from this device…', list = false }: { title: string; text?: string; list?: boolean }) {
  return (
    <>
      <PageHeader title={title} />
      {list ? <SkeletonRows label={text} /> : <SkeletonRecord label={text} />}
    </>
  );
}

/** The page for an id this device does not hold: deleted, not synced yet, or mistyped. */
export function RecordMissing({ title, listHref, listLabel, children }: { title: string; listHref: string; listLabel: string; children?: ReactNode }) {
  return (
    <>
      <PageHeader title={title} />
      <p>This record is not on this device. It may have been deleted, or it has not synced here yet.</p>
      {children}
      <p>
        <Link href={listHref}>{listLabel}</Link>
      </p>
    </>
  );
}

/** Label and value pairs of a record; empty values say so in words. */
export function DetailList({ items }: { items: readonly { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
      {items.map((i) => (
        <div key={i.label} className="contents">
          <dt className="font-semibold">{i.label}</dt>
          <dd className="mb-2 min-w-0 [overflow-wrap:anywhere] sm:mb-0">{i.value ?? <span className="text-muted">Not set</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
