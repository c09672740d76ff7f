import 'server-only';
import type { z } from 'zod';
import type { Database, Unlisten } from '@/lib/db/types';

/** What a hub listens to, and how a notification finds its listeners. */
export interface HubChannel<P, V> {
  /** The Postgres channel (LISTEN name). */
  channel: string;
  /** Every payload is parsed with this; anything else on the channel is ignored. */
  payload: z.ZodType<P>;
  /** The listeners a payload is for (`key`) and what they are told (`value`). */
  route: (payload: P) => { key: string; value: V };
}

/**
 * Fans one Postgres LISTEN channel out to listeners in this process, keyed (by tenant, by
 * person…). One LISTEN per hub and process, opened with the first subscriber and closed with
 * the last, so thousands of open streams hold a single extra database connection.
 * Security: a notification reaches only the listeners of the key its payload names, and a
 * payload that fails the schema reaches nobody.
 */
export class NotifyHub<P, V> {
  private readonly listeners = new Map<string, Set<(value: V) => void>>();
  private unlisten: Promise<Unlisten> | null = null;
  private size = 0;

  constructor(
    private readonly db: () => Promise<Database>,
    private readonly spec: HubChannel<P, V>,
  ) {}

  /** Calls `listener(value)` for every notification routed to `key`; resolves once listening. */
  async subscribe(key: string, listener: (value: V) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    this.size += 1;
    this.unlisten ??= this.db().then((db) => db.listen(this.spec.channel, (p) => this.dispatch(p)));
    try {
      await this.unlisten;
    } catch (err) {
      this.unlisten = null;
      await this.remove(key, listener);
      throw err;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      await this.remove(key, listener);
    };
  }

  /** Open subscriptions of `key` in this process. */
  listenerCount(key: string): number {
    return this.listeners.get(key)?.size ?? 0;
  }

  private async remove(key: string, listener: (value: V) => void) {
    const set = this.listeners.get(key);
    if (set?.delete(listener)) this.size -= 1;
    if (set && set.size === 0) this.listeners.delete(key);
    if (this.size === 0 && this.unlisten) {
      const pending = this.unlisten;
      this.unlisten = null;
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
    for (const listener of this.listeners.get(routed.key) ?? []) listener(routed.value);
  }
}
