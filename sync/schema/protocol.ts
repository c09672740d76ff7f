// Shared by browser and server: the replication wire format (RxDB HTTP replication).
import { z } from 'zod';
import type { ConflictAuthors } from './conflict-notice';
import { syncScopeSchema } from './sync-scope';

/**
 * Server-assigned position in a collection's change feed: the writing transaction's id
 * (xid8, as a decimal string) and the row's change sequence. Ordered by (xid, seq); never a
 * client clock. See lib/db/migrations/0004_sync.sql for why both parts are needed.
 */
const MAX_XID8 = 18446744073709551615n;

const xid8 = z.string().refine((v) => /^\d{1,20}$/.test(v) && BigInt(v) <= MAX_XID8, 'must be a 64-bit decimal transaction id');

export const checkpointSchema = z.strictObject({
  xid: xid8,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /**
   * The tombstone purge horizon (its seq) when this client's copy started from scratch.
   * A checkpoint below a newer horizon may have missed purged deletions: resync.
   */
  h: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /**
   * The tenant's sync scope when this copy started (absent: everything). A copy made under
   * another scope holds the wrong records: the server answers resync_required.
   */
  s: syncScopeSchema.exclude(['all']).optional(),
  /**
   * Scoped copies: the feed horizon when this copy started. A record whose scope move is
   * older cannot be on the device, so no removal is sent for it (see sync/server/scoped-pull.ts).
   */
  b: xid8.optional(),
  /**
   * Scope 'team': who was in the person's team when this copy started (a hash of their ids);
   * scope 'territory': the person's territories then (a hash of the values). A copy made for
   * another team or other territories holds the wrong records: resync_required.
   */
  k: z.string().regex(/^[0-9a-f]{32}$/, 'must be a scope key').optional(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** Most documents one pull returns. */
export const MAX_PULL_LIMIT = 2000;
/** Most rows one push may carry; larger batches are refused whole (413). */
export const MAX_PUSH_ROWS = 500;
/** Largest push body accepted (bytes). */
export const MAX_PUSH_BYTES = 4_000_000;

/**
 * Push protocol 2 (`POST /api/sync/{collection}/push?protocol=2`): one answer per row, in
 * the order sent, and the rows that may apply do, whatever happens to the others. Protocol 1
 * (no query) answers RxDB's bare conflict list and refuses a whole batch for one bad row; it
 * is kept for clients of the previous release and answers with a `Deprecation` header.
 */
export const PUSH_PROTOCOL = '2';

export type PushResult<D> = PushOutcome<D> & {
  /**
   * The record is outside the pusher's sync scope now (sync/server/scoped-pull.ts): their next
   * pull removes it from the phone, and the phone applies that removal even if it arrived
   * while this change waited to be pushed.
   */
  outOfScope?: true;
};

type PushOutcome<D> =
  /** Written, or already the server's document (a replay). */
  | { id: string; status: 'accepted' }
  /**
   * The row started from an older server document: here is the current one to merge with,
   * and (`keptBy`, by field, '*' for the whole record) who made each change that will stay
   * over this row's, and when, so the phone can say so beside the value it sets aside.
   */
  | { id: string; status: 'conflict'; document: D; keptBy?: ConflictAuthors }
  /**
   * Refused for good (never retry it): the role rules, the schema, or a record this workspace
   * does not have. `document` is the server's current one (null when it has none), to put the
   * phone back; `message` is for the person who made the change.
   */
  | { id: string; status: 'rejected'; code: string; message: string; document: D | null };

export interface PushResponse<D> {
  results: PushResult<D>[];
}

export const pullRequestSchema = z.strictObject({
  checkpoint: checkpointSchema.nullable().optional(),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).default(500),
  /** Also answer `remaining`: a first sync asks once, for its progress bar. */
  count: z.boolean().optional(),
});
export type PullRequest = z.input<typeof pullRequestSchema>;

export interface PullResponse<D> {
  documents: D[];
  checkpoint: Checkpoint;
  /**
   * Newer changes exist but are held back until older transactions finish (they may belong
   * to another tenant or database on the same server): pull again shortly.
   */
  held?: boolean;
  /** Changes after the request's checkpoint, this page's included (only when asked with `count`). */
  remaining?: number;
}

/** Error code a pull answers (410) when its checkpoint is older than the tombstone window. */
export const RESYNC_REQUIRED = 'resync_required';

/** Events of the live stream (`GET /api/sync/stream`, server-sent events). */
export const STREAM_EVENT = {
  /** A collection changed: pull it. Data: `{"collection": name}`. */
  change: 'change',
  /** Sent on every (re)connect: events may have been missed, pull everything. */
  resync: 'resync',
  /** Someone's change lost to this person's: read `GET /api/sync/conflicts` (conflict-notice.ts). */
  notices: 'notices',
  /**
   * The server ends this stream for good; do not reconnect until the app opens a new one.
   * Data: `{"reason": "too_many_streams"}` (a newer stream of the same person replaced it).
   */
  closed: 'closed',
} as const;
