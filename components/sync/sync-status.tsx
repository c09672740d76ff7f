'use client';

import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { Link } from '@/components/ui/link';
import { announceSyncStatus, describeSyncStatus, syncStatusStore, type SyncPhase } from '@/sync/client/sync-status-store';
import { settler } from './settle';

/** How long a sync state must last before it is announced (ms). */
export const ANNOUNCE_AFTER_MS = 1500;

/** `value` once it has lasted `delayMs` (settle.ts); '' until then. */
function useSettled(value: string, delayMs: number): string {
  const [settled, setSettled] = useState('');
  const [feed] = useState(() => settler<string>(delayMs, setSettled));
  useEffect(() => feed(value), [feed, value]);
  return settled;
}

const DOT: Record<SyncPhase, string> = {
  starting: 'bg-muted',
  offline: 'bg-muted',
  syncing: 'bg-primary',
  synced: 'bg-success',
  follower: 'bg-success',
  error: 'bg-danger',
  'signed-out': 'bg-danger',
};

/**
 * Sync state in the header: offline / syncing / synced, pending changes and last sync time,
 * plus a "Sync now" button. Screen readers hear one polite announcement per lasting change of
 * state (announceSyncStatus), never one per document: the visible status is not live, since its
 * text changes with every incoming change (issue 18: each one was read out four times). Starts sync on mount
 * (the browser-only RxDB code is loaded here, never on the server).
 */
export function SyncStatus() {
  const status = useStore(syncStatusStore);
  const [handle, setHandle] = useState<{ syncNow(): void } | null>(null);

  useEffect(() => {
    let alive = true;
    void import('@/sync/client/start-sync').then(async ({ startSync }) => {
      const h = await startSync();
      if (alive) setHandle(h);
    });
    return () => {
      alive = false;
    };
  }, []);

  const text = describeSyncStatus(status);
  const announced = useSettled(announceSyncStatus(status), ANNOUNCE_AFTER_MS);
  const canSync = handle !== null && status.online && status.phase !== 'signed-out';
  return (
    <div className="flex flex-wrap items-center gap-2">
      {/* A status a screen reader finds and reads on request; what it announces is below. */}
      <p role="status" aria-live="off" className="flex min-h-target items-center gap-2 text-sm" data-sync-phase={status.phase} data-sync-pending={status.pending ?? ''}>
        <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-full ${DOT[status.phase]}`} />
        <span>{text}</span>
        {status.conflicts > 0 ? <span className="text-danger">{`, ${status.conflicts} conflict${status.conflicts === 1 ? '' : 's'} to review`}</span> : null}
      </p>
      <p aria-live="polite" className="sr-only" data-sync-announcer="">
        {announced}
      </p>
      {status.initialSync ? <InitialSyncProgress {...status.initialSync} /> : null}
      {status.conflicts > 0 ? <Link href="/conflicts">Review conflicts</Link> : null}
      {canSync ? (
        <button
          type="button"
          onClick={() => handle.syncNow()}
          className="min-h-target min-w-target rounded-md border border-border bg-surface px-3 text-sm text-text focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2"
        >
          Sync now
        </button>
      ) : null}
    </div>
  );
}

const countsOf = ({ stored, total }: { stored: number; total: number | null }) =>
  total === null ? `${stored.toLocaleString('en')} records downloaded` : `${stored.toLocaleString('en')} of ${total.toLocaleString('en')} records downloaded`;

/**
 * A first sync's progress: a thin bar along the top edge of the window, fixed, so that
 * appearing and going away moves nothing on the page. Counts shown in the header moved it,
 * and the shift scrolled the page, which closes an open list (an e2e combobox test lost its
 * choice). The counts are its accessible value (aria-valuetext, read on request, not announced
 * per page) and its tooltip.
 */
export function InitialSyncProgress(count: { stored: number; total: number | null }) {
  return (
    <progress
      className="pointer-events-none fixed inset-x-0 top-0 z-50 h-1 w-full accent-primary"
      aria-label="Records downloaded for offline use"
      title={countsOf(count)}
      aria-valuetext={countsOf(count)}
      max={count.total ?? undefined}
      value={count.total === null ? undefined : count.stored}
    />
  );
}
