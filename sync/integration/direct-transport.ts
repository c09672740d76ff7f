import 'server-only';
// Test tooling: a sync transport that calls the server's pull and push functions in-process
// (real database, real tenant transactions), with a switch that simulates losing the network.
import type { SessionContext } from '@/lib/auth/session-context';
import type { Database } from '@/lib/db/types';
import { AppError } from '@/lib/http/app-error';
import { SyncRequestError, type SyncTransport } from '@/sync/client/transport';
import type { CaughtUpCache } from '@/sync/server/caught-up-cache';
import { pullChanges } from '@/sync/server/pull';
import { pushRows } from '@/sync/server/push';

export interface DirectTransport extends SyncTransport {
  online: boolean;
  /** Called after every push the server accepted (stands in for the live stream). */
  onPushed?: (collection: string) => void;
}

async function mapErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw new SyncRequestError(err.status, err.code, err.message);
    throw err;
  }
}

/** A transport to the server functions, as `ctx`, on `db` (pulls through `cache` when given, as the route does). */
export function directTransport(ctx: SessionContext, db: Database, cache?: CaughtUpCache): DirectTransport {
  const t: DirectTransport = {
    online: true,
    async pull(collection, body) {
      if (!t.online) throw new SyncRequestError(0, 'offline', 'offline');
      return mapErrors(() => pullChanges(ctx, collection, JSON.parse(JSON.stringify(body)), db, cache));
    },
    async push(collection, rows) {
      if (!t.online) throw new SyncRequestError(0, 'offline', 'offline');
      const results = await mapErrors(() => pushRows(ctx, collection, JSON.parse(JSON.stringify(rows)), db));
      t.onPushed?.(collection);
      // The response can be lost too: the write committed, the client retries (idempotent).
      if (!t.online) throw new SyncRequestError(0, 'offline', 'offline');
      return results;
    },
  };
  return t;
}
