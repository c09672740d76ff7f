import 'server-only';
import { onLocalWrite } from '@/lib/records/local-writes';
import type { Checkpoint } from '@/sync/schema/protocol';
import type { SyncScope } from '@/sync/schema/sync-scope';
import type { ChangeHub } from './change-hub';
import { changeHub } from './change-stream';

/** (xid, seq) <= (xid, seq) in feed order; xids are compared as 64-bit integers. */
export function atOrAfter(a: { xid: string; seq: number }, b: { xid: string; seq: number }): boolean {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  return ax > bx || (ax === bx && a.seq >= b.seq);
}

/** How long (ms) an answer is trusted without a notification: the bound if one were lost unseen. */
export const CAUGHT_UP_TTL_MS = 5_000;
/** Most bytes of page answers held per instance; the oldest collections' pages make room. */
export const MAX_PAGE_BYTES = 64 * 1024 * 1024;

interface Page {
  json: string;
  documents: number;
  at: number;
}

type Position = { xid: string; seq: number };

interface Entry {
  end: Position;
  /** The purge horizon the database read with it (see pull.ts: a copy older than it must resync). */
  horizon: Position | null;
  at: number;
}

/**
 * Remembers, per tenant and collection, a checkpoint after which the database last found
 * nothing, so the pulls of devices that are up to date (most pulls) are answered without a
 * database round trip; and the answers of pages with rows, since devices catching up (new
 * phones, resyncs) ask for the same pages until something in the collection changes.
 *
 * Why no row is ever skipped: an answer from here is one the database gave to the same
 * question, with nothing in the tenant's collection changed since (an up-to-date answer
 * carries the caller's own checkpoint back). What is remembered of a pair is dropped by every
 * change notification of it (sent by the writing transaction at commit, on every instance; a
 * tombstone purge sends one too), and is only remembered when no notification arrived while
 * the database was being read (the version check) and while the LISTEN connection is up. A
 * write made by this process drops the pair once it has committed and before the writer gets
 * its answer (lib/records/local-writes.ts), so a pull made here after a write here returned
 * sees it. If a notification were lost without the connection failing, entries still expire
 * after CAUGHT_UP_TTL_MS: a late answer, never a wrong one. Tenant isolation: keyed by the
 * session's tenant. Sync scopes: the tenant's scope is remembered per pair the same way, an
 * up-to-date answer needs the checkpoint's scope to be it, and a scoped page is remembered
 * per person (`who`).
 */
export class CaughtUpCache {
  /** Per pair, per `who` ('*': every device of the tenant; else the person of a scoped pull). */
  private readonly entries = new Map<string, Map<string, Entry>>();
  /** Per pair: answers of non-empty pages by `checkpoint|limit` (devices catching up ask the same pages). */
  private readonly pages = new Map<string, Map<string, Page>>();
  private pageBytes = 0;
  private readonly versions = new Map<string, number>();
  /** Per pair: the tenant's sync scope the database last read (dropped by every notification, as the rest). */
  private readonly scopes = new Map<string, SyncScope>();
  private readonly watched = new Map<string, Promise<() => Promise<void>>>();
  private readonly stopLocal: () => void;

  /**
   * `hearLocalWrites: false` is for tests standing in for another instance: only the
   * notifications tell such a cache about a change.
   */
  constructor(
    private readonly hub: ChangeHub,
    private readonly ttlMs = CAUGHT_UP_TTL_MS,
    private readonly now: () => number = Date.now,
    { hearLocalWrites = true } = {},
  ) {
    this.stopLocal = onLocalWrite((tenantId, collection) => {
      if (hearLocalWrites) this.bump(`${tenantId}:${collection}`);
    });
  }

  /** Stops listening; nothing is answered from here afterwards. */
  async close(): Promise<void> {
    this.stopLocal();
    const subs = [...this.watched.values()];
    this.watched.clear();
    this.entries.clear();
    this.scopes.clear();
    this.pages.clear();
    this.pageBytes = 0;
    for (const sub of subs) await (await sub.catch(() => null))?.();
  }

  /** Starts following `tenantId`'s notifications (once per tenant); entries are kept only after that. */
  watch(tenantId: string): Promise<unknown> {
    let p = this.watched.get(tenantId);
    if (!p) {
      p = this.hub.subscribe(
        tenantId,
        ({ collection }) => this.bump(`${tenantId}:${collection}`),
        () => this.forgetTenant(tenantId),
      );
      // A failed LISTEN is tried again by the next pull; until then nothing is remembered.
      p.catch(() => this.watched.delete(tenantId));
      this.watched.set(tenantId, p);
    }
    return p;
  }

  /** A token to pass to {@link remember}: changes with every notification of the pair. */
  version(tenantId: string, collection: string): number {
    return this.versions.get(`${tenantId}:${collection}`) ?? 0;
  }

  /** The pair's sync scope as the database last gave it, when nothing of the pair has changed since; undefined otherwise. */
  scope(tenantId: string, collection: string): SyncScope | undefined {
    return this.hub.listening && this.watched.has(tenantId) ? this.scopes.get(`${tenantId}:${collection}`) : undefined;
  }

  /** Records the scope the database read while {@link version} was `version`. */
  rememberScope(tenantId: string, collection: string, scope: SyncScope, version: number): void {
    if (!this.hub.listening || !this.watched.has(tenantId) || this.version(tenantId, collection) !== version) return;
    this.scopes.set(`${tenantId}:${collection}`, scope);
  }

  /** True when the database would answer `checkpoint` with nothing: no change after it since it last looked. */
  upToDate(tenantId: string, collection: string, checkpoint: Checkpoint, who: string): boolean {
    const key = `${tenantId}:${collection}`;
    const e = this.entries.get(key)?.get(who);
    if (!e || !this.hub.listening || !this.watched.has(tenantId)) return false;
    // A copy made under another scope must hear `resync_required` from the database.
    if ((checkpoint.s ?? 'all') !== this.scopes.get(key)) return false;
    if (this.now() - e.at > this.ttlMs) {
      this.entries.get(key)?.delete(who);
      return false;
    }
    // A copy that predates the purge horizon must hear `resync_required` from the database.
    // (A purge after this entry only removes tombstones it has seen: later ones notified.)
    if (e.horizon && checkpoint.h < e.horizon.seq && !atOrAfter(checkpoint, e.horizon)) return false;
    return atOrAfter(checkpoint, e.end);
  }

  /**
   * Records that the database had nothing after `end` (nothing held back either), with the
   * purge `horizon` it read, while {@link version} was `version`.
   */
  remember(tenantId: string, collection: string, who: string, end: Position, horizon: Position | null, version: number): void {
    const key = `${tenantId}:${collection}`;
    if (!this.hub.listening || !this.watched.has(tenantId) || this.version(tenantId, collection) !== version) return;
    let mine = this.entries.get(key);
    if (!mine) this.entries.set(key, (mine = new Map()));
    mine.set(who, { end: { xid: end.xid, seq: end.seq }, horizon, at: this.now() });
  }

  /** The answer the database gave to this page, when nothing of the pair has changed since. */
  page(tenantId: string, collection: string, checkpoint: Checkpoint | null, limit: number, who: string): Page | null {
    const key = `${tenantId}:${collection}`;
    const p = this.pages.get(key)?.get(pageKey(checkpoint, limit, who));
    if (!p || !this.hub.listening || !this.watched.has(tenantId)) return null;
    if (this.now() - p.at > this.ttlMs) {
      this.dropPages(key);
      return null;
    }
    return p;
  }

  /** Records the database's answer to a page (rows, nothing held back), read while {@link version} was `version`. */
  rememberPage(tenantId: string, collection: string, checkpoint: Checkpoint | null, limit: number, who: string, json: string, documents: number, version: number): void {
    const key = `${tenantId}:${collection}`;
    if (!this.hub.listening || !this.watched.has(tenantId) || this.version(tenantId, collection) !== version) return;
    let mine = this.pages.get(key);
    if (!mine) this.pages.set(key, (mine = new Map()));
    const k = pageKey(checkpoint, limit, who);
    this.pageBytes -= mine.get(k)?.json.length ?? 0;
    mine.set(k, { json, documents, at: this.now() });
    this.pageBytes += json.length;
    for (const oldest of this.pages.keys()) {
      if (this.pageBytes <= MAX_PAGE_BYTES) break;
      this.dropPages(oldest);
    }
  }

  private dropPages(key: string) {
    for (const p of this.pages.get(key)?.values() ?? []) this.pageBytes -= p.json.length;
    this.pages.delete(key);
  }

  private bump(key: string) {
    this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
    this.entries.delete(key);
    this.scopes.delete(key);
    this.dropPages(key);
  }

  private forgetTenant(tenantId: string) {
    for (const key of [...this.entries.keys(), ...this.pages.keys(), ...this.versions.keys(), ...this.scopes.keys()]) {
      if (key.startsWith(`${tenantId}:`)) this.bump(key);
    }
  }
}

/** `who`: '*' for pages every device of the tenant shares, else the person whose scope the page is. */
function pageKey(checkpoint: Checkpoint | null, limit: number, who: string): string {
  return `${checkpoint ? `${checkpoint.xid}:${checkpoint.seq}:${checkpoint.h}:${checkpoint.s ?? ''}:${checkpoint.b ?? ''}` : 'start'}|${limit}|${who}`;
}

const holder = globalThis as unknown as { __crmCaughtUp?: CaughtUpCache };

/** The process-wide cache, on the process-wide change hub (shared by every route bundle). */
export function caughtUpCache(): CaughtUpCache {
  holder.__crmCaughtUp ??= new CaughtUpCache(changeHub());
  return holder.__crmCaughtUp;
}
