import 'server-only';
import type { z } from 'zod';
import type { Database, Unlisten } from './types';

/** What a hub listens to, and how a notification finds its listeners. */
export interface HubChannel<P, V> {
  /** The Postgres channel (LISTEN name). */
  channel: string;
  /** Every payload is parsed with this; anything else on the channel is ignored. */
  payload: z.ZodType<P>;
  /** The listeners a payload is for (`key`) and what they are told (`value`). */
  route: (payload: P) => { key: string; value: V };
}

interface Subscription<V> {
  listener: (value: V) => void;
  /** Called when notifications may have been missed (the LISTEN connection was lost and is back). */
  onGap?: () => void;
}

/** First wait (ms) before listening again after the LISTEN connection died; doubles up to 30 s. */
const RELISTEN_MS = 250;

/**
 * Fans one Postgres LISTEN channel out to listeners in this process, keyed (by tenant, by
 * person…). One LISTEN per hub and process, opened with the first subscriber and closed with
 * the last, so thousands of open streams hold a single extra database connection. When that
 * connection dies the hub listens again (with backoff) and then tells every subscriber that
 * notifications may have been missed (`onGap`), so nobody waits for one that never comes.
 * Security: a notification reaches only the listeners of the key its payload names, and a
 * payload that fails the schema reaches nobody.
 */
export class NotifyHub<P, V> {
  private readonly listeners = new Map<string, Set<Subscription<V>>>();
  private unlisten: Promise<Unlisten> | null = null;
  private live = false;
  private size = 0;

  constructor(
    private readonly db: () => Promise<Database>,
    private readonly spec: HubChannel<P, V>,
  ) {}

  /**
   * Calls `listener(value)` for every notification routed to `key`, and `onGap()` whenever
   * some may have been missed; resolves once listening.
   */
  async subscribe(key: string, listener: (value: V) => void, onGap?: () => void): Promise<() => Promise<void>> {
    const sub: Subscription<V> = { listener, onGap };
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(sub);
    this.size += 1;
    this.unlisten ??= this.listen();
    try {
      await this.unlisten;
    } catch (err) {
      this.unlisten = null;
      await this.remove(key, sub);
      throw err;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      await this.remove(key, sub);
    };
  }

  /** Open subscriptions of `key` in this process. */
  listenerCount(key: string): number {
    return this.listeners.get(key)?.size ?? 0;
  }

  /** True while notifications are being delivered (the LISTEN connection is up). */
  get listening(): boolean {
    return this.live;
  }

  private async listen(): Promise<Unlisten> {
    const db = await this.db();
    const stop = await db.listen(this.spec.channel, (p) => this.dispatch(p), () => this.lost());
    this.live = true;
    return stop;
  }

  private lost(delay = RELISTEN_MS) {
    this.live = false;
    const dead = this.unlisten;
    this.unlisten = null;
    void dead?.then((stop) => stop()).catch(() => undefined);
    if (this.size === 0) return;
    const timer = setTimeout(() => {
      if (this.size === 0 || this.unlisten) return;
      this.unlisten = this.listen();
      this.unlisten.then(
        () => this.tellGaps(),
        () => this.lost(Math.min(delay * 2, 30_000)),
      );
    }, delay);
    timer.unref?.();
  }

  private tellGaps() {
    for (const set of this.listeners.values()) for (const sub of set) sub.onGap?.();
  }

  private async remove(key: string, sub: Subscription<V>) {
    const set = this.listeners.get(key);
    if (set?.delete(sub)) this.size -= 1;
    if (set && set.size === 0) this.listeners.delete(key);
    if (this.size === 0 && this.unlisten) {
      const pending = this.unlisten;
      this.unlisten = null;
      this.live = false;
      await (await pending.catch(() => null))?.();
    }
  }

  private dispatch(raw: string) {
    let routed: { key: string; value: V };
    try {
      routed = this.spec.route(this.spec.payload.parse(JSON.parse(raw)));
    } catch {
      return; // not ours or malformed: ignore rather than break every listener
    }
    for (const sub of this.listeners.get(routed.key) ?? []) sub.listener(routed.value);
  }
}
