import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearToasts, dismissToast, getServerToasts, getToasts, showToast, subscribeToasts } from './toast-store';

afterEach(() => clearToasts());

describe('toast store', () => {
  it('keeps toasts until dismissed, oldest first, and tells subscribers', () => {
    const listener = vi.fn();
    const unsubscribe = subscribeToasts(listener);
    const a = showToast('Saved on this device', 'success');
    const b = showToast('Could not sync', 'error');
    expect(getToasts().map((t) => [t.message, t.tone])).toEqual([
      ['Saved on this device', 'success'],
      ['Could not sync', 'error'],
    ]);
    dismissToast(a);
    expect(getToasts().map((t) => t.id)).toEqual([b]);
    expect(listener).toHaveBeenCalledTimes(3);
    unsubscribe();
    showToast('later');
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('returns the same array between changes (useSyncExternalStore needs a stable snapshot)', () => {
    showToast('one');
    expect(getToasts()).toBe(getToasts());
    expect(getServerToasts()).toEqual([]);
  });

  it('keeps only the newest five', () => {
    for (let i = 1; i <= 7; i++) showToast(`n${i}`);
    expect(getToasts().map((t) => t.message)).toEqual(['n3', 'n4', 'n5', 'n6', 'n7']);
  });
});
