'use client';

import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';

/**
 * The first `pageSize` items and a "Show more" button for the rest: long lists stay short
 * enough to Tab through (and to scroll past on a phone). The button names what it adds.
 */
export function useShowMore<T>(items: readonly T[] | undefined, pageSize: number, noun: string): { shown: readonly T[] | undefined; more: ReactNode } {
  const [limit, setLimit] = useState(pageSize);
  if (!items) return { shown: undefined, more: null };
  const left = items.length - limit;
  return {
    shown: left > 0 ? items.slice(0, limit) : items,
    more:
      left > 0 ? (
        <Button variant="secondary" onPress={() => setLimit((l) => l + pageSize)}>
          {`Show ${Math.min(pageSize, left)} more ${noun} (${left} not shown)`}
        </Button>
      ) : null,
  };
}
