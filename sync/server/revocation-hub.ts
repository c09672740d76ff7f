import 'server-only';
import { z } from 'zod';
import { SESSION_REVOCATIONS_CHANNEL } from '@/lib/auth/session-revocations';
import type { Database, Unlisten } from '@/lib/db/types';

type Listener = () => void;

const payloadSchema = z.object({ u: z.uuid() });

/**
 * Tells the live streams of a person in this process that their sessions may have changed
 * (lib/auth/session-revocations.ts), so they recheck at once instead of at their next
 * periodic check. One LISTEN per process, opened with the first subscriber.
 */
export class RevocationHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private unlisten: Promise<Unlisten> | null = null;
  private size = 0;

  constructor(private readonly db: () => Promise<Database>) {}

  /** Calls `listener()` whenever `userId`'s sessions may have been revoked. */
  async subscribe(userId: string, listener: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    this.size += 1;
    this.unlisten ??= this.db().then((db) => db.listen(SESSION_REVOCATIONS_CHANNEL, (p) => this.dispatch(p)));
    try {
      await this.unlisten;
    } catch (err) {
      this.unlisten = null;
      await this.remove(userId, listener);
      throw err;
    }
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      await this.remove(userId, listener);
    };
  }

  private async remove(userId: string, listener: Listener) {
    const set = this.listeners.get(userId);
    if (set?.delete(listener)) this.size -= 1;
    if (set && set.size === 0) this.listeners.delete(userId);
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
      return;
    }
    for (const listener of this.listeners.get(parsed.u) ?? []) listener();
  }
}
