import 'server-only';
import { z } from 'zod';
import type { Database, Unlisten } from '@/lib/db/types';
import { RECORD_CHANGES_CHANNEL } from '@/lib/records/apply-changes';

type Listener = (collection: string) => void;

const payloadSchema = z.object({ t: z.uuid(), c: z.string().max(60) });

/**
 * Fans Postgres notifications out to live streams in this process. One LISTEN per process
 * (not per tenant or per client), so a server with thousands of open streams still holds
 * a single extra database connection; listeners are keyed by tenant.
 */
export class ChangeHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private unlisten: Promise<Unlisten> | null = null;
  private size = 0;

  constructor(private readonly db: () => Promise<Database>) {}

  /** Calls `listener(collection)` for every committed record change of `tenantId`. */
  async subscribe(tenantId: string, listener: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(tenantId);
    if (!set) this.listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    this.size += 1;
    this.unlisten ??= this.db().then((db) => db.listen(RECORD_CHANGES_CHANNEL, (p) => this.dispatch(p)));
    try {
      await this.unlisten;
    } catch (err) {
      this.unlisten = null;
      await this.remove(tenantId, listener);
      throw err;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      await this.remove(tenantId, listener);
    };
  }

  /** Open subscriptions of `tenantId` in this process. */
  listenerCount(tenantId: string): number {
    return this.listeners.get(tenantId)?.size ?? 0;
  }

  private async remove(tenantId: string, listener: Listener) {
    const set = this.listeners.get(tenantId);
    if (set?.delete(listener)) this.size -= 1;
    if (set && set.size === 0) this.listeners.delete(tenantId);
    if (this.size === 0 && this.unlisten) {
      const pending = this.unlisten;
      this.unlisten = null;
      await (await pending.catch(() => null))?.();
    }
  }

  private dispatch(raw: string) {
    let parsed: z.infer<typeof payloadSchema>;
    try {
      parsed = payloadSchema.parse(JSON.parse(raw));
    } catch {
      return; // not ours or malformed: ignore rather than break every stream
    }
    // Security: only the listeners of the tenant named by the writing transaction are told.
    for (const listener of this.listeners.get(parsed.t) ?? []) listener(parsed.c);
  }
}
