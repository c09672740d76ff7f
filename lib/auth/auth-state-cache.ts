import 'server-only';
import { z } from 'zod';
import { NotifyHub } from '../db/notify-hub';
import { getDb } from '../db/open-database';
import type { Database } from '../db/types';
import { loadAuthState, type AuthState } from './auth-state';
import { onLocalAuthChange, SESSION_REVOCATIONS_CHANNEL, type AuthChange } from './session-revocations';
import type { SessionClaims } from './session-token';

/**
 * How long (ms) a checked session is trusted without a notification. Not what keeps it
 * current (the notifications do, and on Postgres the LISTEN connection proves every 5 s that
 * it still delivers, or is dropped with everything cached: lib/db/postgres.ts); a bound on
 * top, which also sets how often a stream's periodic check reads the database. 5 s made 10,000
 * open streams cost 330 session reads a second (bench/sync/stream-fanout.ts).
 */
export const SESSION_CACHE_TTL_MS = 120_000;

/** Most sessions held; the oldest entry makes room (each is a few hundred bytes). */
const MAX_ENTRIES = 20_000;

const changeSchema = z.union([z.strictObject({ u: z.uuid() }), z.strictObject({ t: z.uuid() })]);

interface Entry {
  state: Omit<AuthState, 'claims'>;
  at: number;
  /** Every organization the person belongs to: a change to any of them drops the entry. */
  tenants: string[];
}

/**
 * Session checks without a database round trip, for the hot read path (a device's pulls):
 * the result of loadAuthState per token identity (person, session, session version,
 * organization, second factor passed), dropped by every notification of what it read.
 *
 * Why this is safe: everything loadAuthState reads announces its changes on commit, by
 * trigger (0016_auth_change_notify.sql), to every instance; an entry is dropped by any
 * notification naming its person or one of its organizations, is only stored when no
 * notification arrived while the database was being read and while the LISTEN connection
 * is up (on Postgres, proven every few seconds by the connection's heartbeat; one that goes
 * silent is dropped with every entry), and expires after SESSION_CACHE_TTL_MS in any case. A change made by this process
 * drops its entries once committed and before its caller gets the answer
 * (notifySessionsChanged), so a request made here after a sign-out, role change or allowlist
 * change here returned sees it. On another instance the change takes effect when the
 * notification arrives (milliseconds), as it does for live streams.
 */
export class AuthStateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly hub: NotifyHub<AuthChangePayload, AuthChangePayload>;
  private listening: Promise<unknown> | null = null;
  /** Bumped by every invalidation: a load that saw it change is not stored. */
  private version = 0;
  private readonly stopLocal: () => void;

  constructor(
    private readonly db: () => Promise<Database>,
    private readonly opts: { ttlMs?: number; now?: () => number; hearLocalChanges?: boolean } = {},
  ) {
    this.hub = new NotifyHub(db, { channel: SESSION_REVOCATIONS_CHANNEL, payload: changeSchema, route: (p) => ({ key: '*', value: p }) });
    this.stopLocal = onLocalAuthChange((change) => {
      if (this.opts.hearLocalChanges !== false) this.drop(change);
    });
  }

  /** loadAuthState, from memory when it safely can be. */
  async load(claims: SessionClaims): Promise<AuthState | null> {
    await this.listen();
    const key = `${claims.sub}|${claims.sid}|${claims.sv}|${claims.tid}|${claims.mfa ? 1 : 0}`;
    const hit = this.hub.listening ? this.entries.get(key) : undefined;
    if (hit && this.now() - hit.at <= (this.opts.ttlMs ?? SESSION_CACHE_TTL_MS)) return { ...hit.state, claims };
    const version = this.version;
    const state = await loadAuthState(claims, await this.db());
    if (state && this.hub.listening && this.version === version) {
      const { claims: _claims, ...rest } = state;
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { state: rest, at: this.now(), tenants: state.memberships.map((m) => m.tenantId) });
    } else {
      this.entries.delete(key);
    }
    return state;
  }

  /** Stops listening; later loads read the database. */
  async close(): Promise<void> {
    this.stopLocal();
    this.entries.clear();
    this.version += 1;
    const stop = await (this.listening as Promise<(() => Promise<void>) | null> | null)?.catch(() => null);
    this.listening = null;
    await stop?.();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private listen(): Promise<unknown> {
    this.listening ??= this.hub.subscribe('*', (p) => this.drop('u' in p ? { userId: p.u } : { tenantId: p.t }), () => this.dropAll()).catch((err) => {
      this.listening = null; // tried again by the next load; until then nothing is stored
      console.warn('session cache: LISTEN failed', (err as Error).message);
      return null;
    });
    return this.listening;
  }

  private drop(change: AuthChange) {
    this.version += 1;
    for (const [key, e] of this.entries) {
      if ('userId' in change ? e.state.user.id === change.userId : e.tenants.includes(change.tenantId)) this.entries.delete(key);
    }
  }

  private dropAll() {
    this.version += 1;
    this.entries.clear();
  }
}

type AuthChangePayload = z.infer<typeof changeSchema>;

const holder = globalThis as unknown as { __crmAuthStateCache?: AuthStateCache };

/** The process-wide cache on the app's database (shared by every route bundle). */
export function authStateCache(): AuthStateCache {
  holder.__crmAuthStateCache ??= new AuthStateCache(getDb);
  return holder.__crmAuthStateCache;
}
