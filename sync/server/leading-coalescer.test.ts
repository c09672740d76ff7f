import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { leadingCoalescer } from './leading-coalescer';

describe('leadingCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first key on the next tick, then batches what arrives within the window', () => {
    const batches: string[][] = [];
    const c = leadingCoalescer(50, (keys) => void batches.push([...keys].sort()), () => Date.now());
    c.add('contacts');
    c.add('deals'); // same tick: same batch
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(batches).toEqual([['contacts', 'deals']]);
    vi.advanceTimersByTime(10);
    c.add('contacts');
    c.add('contacts');
    vi.advanceTimersByTime(39);
    expect(batches).toHaveLength(1); // still inside the window
    c.add('activities');
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([['contacts', 'deals'], ['activities', 'contacts']]);
    // Quiet for a window: the next key leads again.
    vi.advanceTimersByTime(60);
    c.add('tasks');
    vi.advanceTimersByTime(0);
    expect(batches.at(-1)).toEqual(['tasks']);
  });

  it('cancel drops the pending batch', () => {
    const batches: string[][] = [];
    const c = leadingCoalescer(50, (keys) => void batches.push([...keys]), () => Date.now());
    c.add('contacts');
    c.cancel();
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([]);
  });
});
