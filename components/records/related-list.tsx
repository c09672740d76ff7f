'use client';

import type { ReactNode } from 'react';
import { RowLink } from './row-link';
import { useShowMore } from './show-more';
import { SkeletonRows } from '@/components/ui/skeleton';

const ROWS_PER_PAGE = 20;

/** A short list of linked records (a company's contacts, a contact's deals). */
export function RelatedList({ items: all, empty, labelledBy }: { items: readonly { id: string; href: string; title: string; detail: ReactNode }[] | undefined; empty: string; labelledBy: string }) {
  const { shown: items, more } = useShowMore(all, ROWS_PER_PAGE, 'records');
  if (!items) return <SkeletonRows label="Loading…" rows={3} avatar={false} />;
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <>
    <ul aria-labelledby={labelledBy} className="flex flex-col">
      {items.map((i) => (
        <li key={i.id} className="min-h-16 border-b border-border">
          <RowLink href={i.href} title={i.title} detail={i.detail} />
        </li>
      ))}
    </ul>
    {more}
    </>
  );
}
