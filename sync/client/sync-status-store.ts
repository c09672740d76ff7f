// Browser module: sync state for the UI (zustand, usable outside React too).
import { createStore } from 'zustand/vanilla';

export type SyncPhase =
  /** Not started yet (before sign-in, or while the local database opens). */
  | 'starting'
  | 'offline'
  | 'syncing'
  | 'synced'
  /** Another tab of this browser replicates for all tabs. */
  | 'follower'
  | 'error'
  /** The session ended: replication stopped, local changes kept until the next sign-in. */
  | 'signed-out';

export interface SyncStatus {
  phase: SyncPhase;
  online: boolean;
  /** Local changes not yet accepted by the server; null when unknown (another tab replicates). */
  pending: number | null;
  /** Conflicts kept for the user to look at. */
  conflicts: number;
  /** ISO time of the last moment everything was in sync. */
  lastSyncedAt: string | null;
  /** A message for people, or null. */
  error: string | null;
  /** Whether the browser promised not to evict our storage (navigator.storage.persist). */
  persisted: boolean | null;
  /** A first sync loading the server's records (bootstrap.ts); null when none runs. */
  initialSync: { stored: number; total: number | null } | null;
}

export const initialSyncStatus: SyncStatus = {
  phase: 'starting',
  online: true,
  pending: null,
  conflicts: 0,
  lastSyncedAt: null,
  error: null,
  persisted: null,
  initialSync: null,
};

/** The one sync status store of the page. */
export const syncStatusStore = createStore<SyncStatus>(() => initialSyncStatus);

/** Merges a partial update into the store. */
export function setSyncStatus(patch: Partial<SyncStatus>): void {
  syncStatusStore.setState(patch);
}

/** The sentence a screen reader announces and the status control shows. */
export function describeSyncStatus(s: SyncStatus, now = Date.now()): string {
  const pending = s.pending ? `${s.pending} change${s.pending === 1 ? '' : 's'} waiting to sync` : '';
  const last = s.lastSyncedAt ? `last synced ${relativeTime(s.lastSyncedAt, now)}` : '';
  switch (s.phase) {
    case 'starting':
      return 'Preparing offline data';
    case 'offline':
      return ['Offline', pending || 'all changes saved on this device', last].filter(Boolean).join(', ');
    case 'syncing':
      // The same words for the whole first sync: its counts are in the progress bar, not in
      // the live region (a screen reader would announce every page).
      return ['Syncing', pending].filter(Boolean).join(', ');
    case 'synced':
      return ['Synced', last].filter(Boolean).join(', ');
    case 'follower':
      return 'Synced by another open tab';
    case 'error':
      return [`Sync problem: ${s.error ?? 'unknown error'}`, pending].filter(Boolean).join(', ');
    case 'signed-out':
      return [`Signed out: sign in again to sync`, pending ? `${pending}, kept on this device` : ''].filter(Boolean).join(', ');
  }
}

/**
 * What a screen reader is told of the sync state: the state in a few words, without the counts
 * and times that change with every document (those are in the visible text, read on request).
 * Announced only once a state has lasted (components/sync/sync-status.tsx), so an incoming
 * change, which passes through "syncing" for a moment, is not read out at all. Syncing in the
 * background after a sync has completed, with none of this device's changes waiting, is still
 * "Synced" to the person: pulling others' changes is not news, however long it takes (on a busy
 * phone a pull lasted past the delay and "Syncing", "Synced" was read out: seen in CI).
 */
export function announceSyncStatus(s: SyncStatus): string {
  const conflicts = s.conflicts > 0 ? `, ${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'} to review` : '';
  switch (s.phase) {
    case 'starting':
      return '';
    case 'offline':
      return `Offline: changes are kept on this device${conflicts}`;
    case 'syncing':
      return s.initialSync || !s.lastSyncedAt || (s.pending ?? 0) > 0 ? `Syncing${conflicts}` : `Synced${conflicts}`;
    case 'synced':
    case 'follower':
      return `Synced${conflicts}`;
    case 'error':
      return `Sync problem: ${s.error ?? 'unknown error'}${conflicts}`;
    case 'signed-out':
      return 'Signed out: sign in again to sync';
  }
}

function relativeTime(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  return new Date(iso).toLocaleDateString();
}
