'use client';

import { useStore } from 'zustand';
import { syncStatusStore } from '@/sync/client/sync-status-store';

/**
 * True while this device's first download of the organization's records runs. An empty list
 * then means "not here yet", not "none": screens show their loading shapes, not "No … yet".
 */
export function useFirstSyncRunning(): boolean {
  return useStore(syncStatusStore, (s) => s.initialSync !== null);
}
