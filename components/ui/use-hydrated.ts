'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False in the server's HTML and while React hydrates this component, true once it has (and
 * at once for anything mounted later, e.g. after a client-side navigation).
 *
 * Why: a page's parts hydrate separately (streamed segments, lazily loaded chunks), so a
 * control can be on screen while React is not yet listening to it. Keys typed into such a field
 * were dropped, and React then reset the field: input lost without a word. The controls of
 * components/ui therefore render read-only or disabled until their own part is live, so
 * nothing the user types or taps is silently thrown away.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
