// Browser module (pure, also run in Node tests): how long to wait before retrying a sync
// request that failed in transport (no network, a 5xx, a timeout). Exponential with full
// jitter, so phones that lose the same cell tower do not all come back in the same second. A
// refused row is never retried: it is answered for good (push protocol 2).

export interface BackoffOptions {
  /** First wait (ms). */
  baseMs?: number;
  /** Longest wait (ms). */
  maxMs?: number;
  /** 0 ≤ random() < 1; injectable for tests. */
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  /** Everyone waiting on this backoff: pull and push of one collection share it. */
  private readonly waiters = new Set<() => void>();
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1_000;
    this.maxMs = options.maxMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** The wait after the `failures`-th failure in a row: random in [cap/2, cap), cap = base·2^(n-1) up to max. */
  delayFor(failures: number): number {
    const cap = Math.min(this.maxMs, this.baseMs * 2 ** Math.max(0, failures - 1));
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }

  /** A request failed: waits the next delay (cut short by `interrupt`). */
  async failed(): Promise<void> {
    this.failures += 1;
    const ms = this.delayFor(this.failures);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** A request got through: the next failure starts from the first delay again. */
  succeeded(): void {
    this.failures = 0;
  }

  /** The network is back, or the person asked to sync now: every waiter stops waiting, and the delays start over. */
  interrupt(): void {
    this.failures = 0;
    for (const wake of [...this.waiters]) wake();
  }
}
