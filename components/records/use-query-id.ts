'use client';

import { useSearchParams } from 'next/navigation';

/** The record id of a detail or edit page (`?id=`); null when absent. */
export function useQueryId(): string | null {
  const id = useSearchParams().get('id');
  return id && id.length <= 36 ? id : null;
}
