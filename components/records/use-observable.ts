'use client';

import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/**
 * The latest value of `source`, re-subscribing when the source object changes (memoise it).
 * Undefined until the first value, so screens can tell "loading" from "empty".
 */
export function useObservable<T>(source: Observable<T> | null): T | undefined {
  const [latest, setLatest] = useState<{ source: Observable<T>; value: T } | null>(null);
  useEffect(() => {
    if (!source) return;
    const sub = source.subscribe((value) => setLatest({ source, value }));
    return () => sub.unsubscribe();
  }, [source]);
  // A value from a previous source (another record id) is never shown for the new one.
  return latest && latest.source === source ? latest.value : undefined;
}
