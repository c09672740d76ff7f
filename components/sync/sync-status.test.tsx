import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { describeSyncStatus, initialSyncStatus } from '@/sync/client/sync-status-store';
import { InitialSyncProgress } from './sync-status';

describe('a first sync in the sync status', () => {
  it('shows a labelled progress bar with the counts', () => {
    const html = renderToString(<InitialSyncProgress stored={12_000} total={70_000} />);
    for (const attr of ['aria-label="Records downloaded for offline use"', 'aria-valuetext="12,000 of 70,000 records downloaded"', 'title="12,000 of 70,000 records downloaded"', 'max="70000"', 'value="12000"']) {
      expect(html).toMatch(new RegExp(`<progress[^>]*${attr}`));
    }
    // Fixed to the window's edge: showing and hiding it moves nothing on the page.
    expect(html).toMatch(/<progress class="[^"]*\bfixed\b/);
    // Before the server has said how many there are: an indeterminate bar (no value).
    const unknown = renderToString(<InitialSyncProgress stored={0} total={null} />);
    expect(unknown).not.toMatch(/value=/);
    expect(unknown).toContain('aria-valuetext="0 records downloaded"');
  });

  it('announces the same words for the whole first sync, not each page', () => {
    const at = (stored: number) => describeSyncStatus({ ...initialSyncStatus, phase: 'syncing', initialSync: { stored, total: 70_000 } });
    expect(at(2_000)).toBe('Syncing');
    expect(at(40_000)).toBe(at(2_000));
    expect(describeSyncStatus({ ...initialSyncStatus, phase: 'syncing' })).toBe('Syncing');
  });
});
