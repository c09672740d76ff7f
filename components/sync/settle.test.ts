import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { announceSyncStatus, initialSyncStatus, type SyncStatus } from '@/sync/client/sync-status-store';
import { settler } from './settle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const at = (phase: SyncStatus['phase'], more: Partial<SyncStatus> = {}) => announceSyncStatus({ ...initialSyncStatus, phase, ...more });

describe('sync announcements (issue 18, item 6)', () => {
  it('an incoming change (synced, syncing, synced within a moment) is not announced; a lasting change is, once', () => {
    const heard: string[] = [];
    const feed = settler<string>(1500, (v) => heard.push(v));
    feed(at('synced', { lastSyncedAt: new Date().toISOString() }));
    vi.advanceTimersByTime(1500);
    expect(heard).toEqual(['Synced']);
    // Four collections' replications toggling for one incoming change, pending counts moving.
    for (let i = 0; i < 4; i++) {
      feed(at('syncing', { pending: i }));
      vi.advanceTimersByTime(100);
      feed(at('synced', { pending: 0, lastSyncedAt: new Date(Date.now() + i).toISOString() }));
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(5000);
    expect(heard).toEqual(['Synced']);
    // A pull of others' changes that lasts (a busy phone) is still not news.
    feed(at('syncing', { pending: 0, lastSyncedAt: new Date().toISOString() }));
    vi.advanceTimersByTime(5000);
    feed(at('synced', { pending: 0, lastSyncedAt: new Date().toISOString() }));
    vi.advanceTimersByTime(5000);
    expect(heard).toEqual(['Synced']);
    // Going offline lasts: one announcement, however the pending count moves meanwhile.
    feed(at('offline', { pending: 1 }));
    vi.advanceTimersByTime(1499);
    expect(heard).toEqual(['Synced']);
    feed(at('offline', { pending: 2 }));
    vi.advanceTimersByTime(1500);
    expect(heard).toEqual(['Synced', 'Offline: changes are kept on this device']);
    // A new conflict is news.
    feed(at('offline', { conflicts: 1 }));
    vi.advanceTimersByTime(1500);
    expect(heard.at(-1)).toBe('Offline: changes are kept on this device, 1 conflict to review');
  });

  it('says the state in a few words, without counts or times that change per document', () => {
    expect(at('syncing', { pending: 3, initialSync: { stored: 2000, total: 70_000 } })).toBe('Syncing');
    // Before the first completed sync, and while this device's own changes go up, syncing is news.
    expect(at('syncing')).toBe('Syncing');
    expect(at('syncing', { pending: 2, lastSyncedAt: '2026-01-01T00:00:00.000Z' })).toBe('Syncing');
    expect(at('syncing', { pending: 0, lastSyncedAt: '2026-01-01T00:00:00.000Z' })).toBe('Synced');
    expect(at('synced', { lastSyncedAt: '2026-01-01T00:00:00.000Z' })).toBe('Synced');
    expect(at('follower')).toBe('Synced');
    expect(at('error', { error: 'The server could not be reached.' })).toBe('Sync problem: The server could not be reached.');
    expect(at('starting')).toBe('');
  });
});
