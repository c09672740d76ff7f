import 'server-only';

export interface Coalescer {
  /** Adds `key` to the next batch. */
  add(key: string): void;
  /** Drops the pending batch and its timer. */
  cancel(): void;
}

/**
 * Batches keys for `flush`, leading edge first: the first key after a quiet `windowMs` is
 * flushed on the next tick (with whatever arrived in the same tick), and keys that arrive
 * within `windowMs` of a flush wait for the window's end and go out together. A lone edit
 * reaches its listeners at once; a burst of writes costs one event per window, not one each.
 */
export function leadingCoalescer(windowMs: number, flush: (keys: Set<string>) => void | Promise<void>, now: () => number = Date.now): Coalescer {
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let quietFrom = 0;
  const fire = () => {
    timer = null;
    quietFrom = now() + windowMs;
    const batch = pending;
    pending = new Set();
    void flush(batch);
  };
  return {
    add(key) {
      pending.add(key);
      timer ??= setTimeout(fire, Math.max(0, quietFrom - now()));
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = new Set();
    },
  };
}
