'use client';

import { useSyncExternalStore } from 'react';

/**
 * Whether a CSS media query matches, following changes (rotation, window resize). False on
 * the server and in the first render of a page, so phone-first layouts render first.
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
