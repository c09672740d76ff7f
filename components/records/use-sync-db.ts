'use client';

import { useEffect, useState } from 'react';
import type { SyncHandle } from '@/sync/client/start-sync';

export type SyncDbState = { status: 'loading' } | { status: 'ready'; handle: SyncHandle } | { status: 'unavailable' };

// startSync() already returns the same promise to every caller; keeping the resolved handle
// here lets later screens render their data on the first render instead of after a tick.
let resolved: SyncHandle | null = null;

/**
 * The local database of the signed-in user. Screens read and write only this, never the
 * network. The browser-only RxDB code is loaded on demand, so server rendering never sees it.
 */
export function useSyncDb(): SyncDbState {
  const [state, setState] = useState<SyncDbState>(() => (resolved ? { status: 'ready', handle: resolved } : { status: 'loading' }));
  useEffect(() => {
    if (resolved) return;
    let alive = true;
    void import('@/sync/client/start-sync')
      .then(({ startSync }) => startSync())
      .then((handle) => {
        if (!alive) return;
        if (handle) resolved = handle;
        setState(handle ? { status: 'ready', handle } : { status: 'unavailable' });
      });
    return () => {
      alive = false;
    };
  }, []);
  return state;
}
