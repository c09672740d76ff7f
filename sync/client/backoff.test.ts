import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('doubles up to the cap, with jitter within [cap/2, cap)', () => {
    const low = new Backoff({ baseMs: 1000, maxMs: 8000, random: () => 0 });
    const high = new Backoff({ baseMs: 1000, maxMs: 8000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 9].map((n) => low.delayFor(n))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect([1, 2, 3, 4, 5].map((n) => high.delayFor(n))).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('waits longer after each failure in a row and starts over after a success', async () => {
    vi.useFakeTimers();
    const b = new Backoff({ baseMs: 1000, maxMs: 60_000, random: () => 0 });
    const settledAfter = async (p: Promise<void>) => {
      let done = false;
      void p.then(() => (done = true));
      let ms = 0;
      while (!done) {
        await vi.advanceTimersByTimeAsync(100);
        ms += 100;
      }
      return ms;
    };
    expect(await settledAfter(b.failed())).toBe(500);
    expect(await settledAfter(b.failed())).toBe(1000);
    expect(await settledAfter(b.failed())).toBe(2000);
    b.succeeded();
    expect(await settledAfter(b.failed())).toBe(500);
  });

  it('stops waiting as soon as the network is back', async () => {
    vi.useFakeTimers();
    const b = new Backoff({ baseMs: 60_000, maxMs: 60_000, random: () => 0 });
    let done = false;
    void b.failed().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    b.interrupt();
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
  });

  it('wakes every request waiting on it (a collection’s pull and push share one)', async () => {
    vi.useFakeTimers();
    const b = new Backoff({ baseMs: 60_000, maxMs: 60_000, random: () => 0 });
    const done: string[] = [];
    void b.failed().then(() => done.push('pull'));
    void b.failed().then(() => done.push('push'));
    await vi.advanceTimersByTimeAsync(1000);
    b.interrupt();
    await vi.advanceTimersByTimeAsync(0);
    expect(done.toSorted()).toEqual(['pull', 'push']);
  });
});
