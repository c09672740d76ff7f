import { describe, expect, it } from 'vitest';
import type { Checkpoint, PullResponse } from '@/sync/schema/protocol';
import { prefetchingPull } from './prefetch-pull';

const cp = (seq: number): Checkpoint => ({ xid: '5', seq, h: 0 });

/** A feed of `total` numbered documents; records every request it gets. */
function feed(total: number) {
  const calls: (number | null)[] = [];
  const failOnce = new Set<number>();
  const pull = async (checkpoint: Checkpoint | null, limit: number): Promise<PullResponse<number>> => {
    const from = checkpoint?.seq ?? 0;
    calls.push(checkpoint ? from : null);
    if (failOnce.delete(from)) throw new Error('offline');
    const documents = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, i) => from + i + 1);
    return { documents, checkpoint: documents.length ? cp(from + documents.length) : (checkpoint ?? cp(0)) };
  };
  return { pull, calls, failOnceFrom: (seq: number) => failOnce.add(seq) };
}

describe('prefetchingPull', () => {
  it('asks for the next page as soon as a full page arrives, and hands it over when asked', async () => {
    const f = feed(25);
    const pull = prefetchingPull(f.pull);
    const first = await pull(null, 10);
    expect(first.documents).toHaveLength(10);
    // The request for the second page left before anyone asked for it.
    expect(f.calls).toEqual([null, 10]);
    const second = await pull(first.checkpoint, 10);
    expect(second.documents[0]).toBe(11);
    expect(f.calls).toEqual([null, 10, 20]);
    const third = await pull(second.checkpoint, 10);
    // A short page is the end of the feed for now: nothing is fetched ahead.
    expect(third.documents).toEqual([21, 22, 23, 24, 25]);
    expect(f.calls).toEqual([null, 10, 20]);
    // Every document exactly once, in order.
    expect([...first.documents, ...second.documents, ...third.documents]).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('fetches afresh when asked for a different checkpoint than the one fetched ahead', async () => {
    const f = feed(30);
    const pull = prefetchingPull(f.pull);
    await pull(null, 10);
    const restart = await pull(cp(5), 10);
    expect(restart.documents[0]).toBe(6);
    expect(f.calls.slice(0, 3)).toEqual([null, 10, 5]);
  });

  it('a request fetched ahead that failed fails when asked for, and the retry fetches again', async () => {
    const f = feed(30);
    const pull = prefetchingPull(f.pull);
    f.failOnceFrom(10); // the request fetched ahead of the first page
    const first = await pull(null, 10);
    await expect(pull(first.checkpoint, 10)).rejects.toThrow('offline');
    // RxDB retries with the same checkpoint: a new request, not the failed one again.
    const retried = await pull(first.checkpoint, 10);
    expect(retried.documents[0]).toBe(11);
    expect(f.calls).toEqual([null, 10, 10, 20]);
  });
});
