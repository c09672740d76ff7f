'use client';

import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { CloudAlert, CloudCheck, CloudOff, LoaderCircle, RefreshCw, TriangleAlert, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
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

/** The state at a glance: a shape per state (not only a colour, WCAG 1.4.1), its words beside it. */
const ICON: Record<SyncPhase, { Icon: LucideIcon; className: string }> = {
  starting: { Icon: LoaderCircle, className: 'text-muted motion-safe:animate-spin' },
  offline: { Icon: CloudOff, className: 'text-muted' },
  syncing: { Icon: LoaderCircle, className: 'text-primary motion-safe:animate-spin' },
  synced: { Icon: CloudCheck, className: 'text-success' },
  follower: { Icon: CloudCheck, className: 'text-success' },
  error: { Icon: CloudAlert, className: 'text-danger' },
  'signed-out': { Icon: CloudAlert, className: 'text-danger' },
};

const iconButton = 'flex min-h-target min-w-target items-center justify-center gap-1 rounded-md px-2 text-sm';

/**
 * Sync state in the top bar: an icon per state with the count of changes waiting, and its words
 * (visible from tablet width; on a phone a screen reader still reads them), a link to the
 * conflicts when there are any, and "Sync now". Screen readers hear one polite announcement per lasting change of
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
  const { Icon, className } = ICON[status.phase];
  const conflicts = `${status.conflicts} conflict${status.conflicts === 1 ? '' : 's'} to review`;
  return (
    <div className="flex items-center gap-1">
      {/* A status a screen reader finds and reads on request; what it announces is below. */}
      <p role="status" aria-live="off" className="flex min-h-target items-center gap-1 px-1 text-sm" data-sync-phase={status.phase} data-sync-pending={status.pending ?? ''}>
        <Icon aria-hidden="true" className={`h-6 w-6 shrink-0 ${className}`} />
        {status.pending ? (
          <span aria-hidden="true" className="rounded-full bg-primary px-1.5 text-sm font-semibold text-onPrimary">
            {status.pending}
          </span>
        ) : null}
        {/* The words from desktop width (the top bar has room there); always read by screen readers. */}
        <span className="max-w-[22rem] truncate max-xl:sr-only">{text}</span>
        {status.conflicts > 0 ? <span className="sr-only">{`, ${conflicts}`}</span> : null}
      </p>
      <p aria-live="polite" className="sr-only" data-sync-announcer="">
        {announced}
      </p>
      {status.initialSync ? <InitialSyncProgress {...status.initialSync} /> : null}
      {status.conflicts > 0 ? (
        <Link href="/conflicts" className={`${iconButton} font-semibold text-danger underline`}>
          <TriangleAlert aria-hidden="true" className="h-6 w-6 shrink-0" />
          <span className="max-xl:sr-only">Review conflicts</span> ({status.conflicts})
        </Link>
      ) : null}
      {canSync ? (
        <button type="button" onClick={() => handle.syncNow()} className={`${iconButton} border border-border bg-surface text-text`}>
          <RefreshCw aria-hidden="true" className="h-5 w-5 shrink-0" />
          <span className="max-xl:sr-only">Sync now</span>
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
