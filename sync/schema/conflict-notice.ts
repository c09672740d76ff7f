// Shared by browser and server: conflicts told to both sides (issue 18, item 5). The pusher's
// phone sets its losing value aside (three-way-merge.ts) and learns from the push answer who
// made the change that stayed, and when; the person whose value stayed reads a notice from
// `GET /api/sync/conflicts` naming whose value theirs replaced, with that value to use instead.
import { z } from 'zod';

/** Who made the change that stayed in a conflict (in words: a person's name, "the workflow …"), and when. */
export const conflictAuthorSchema = z.object({
  /** Null when that change is no longer known (its change log row has expired). */
  who: z.string().max(300).nullable(),
  at: z.iso.datetime({ offset: true }).nullable(),
  /** The reader made it themself, on another device. */
  self: z.literal(true).optional(),
});
export type ConflictAuthor = z.infer<typeof conflictAuthorSchema>;

/** A conflict's authors, by field ('*': the whole record, a deletion against an edit). */
export type ConflictAuthors = Record<string, ConflictAuthor>;

export const conflictKindSchema = z.enum(['field', 'deleted-on-server', 'delete-overridden']);

const MAX_XID8 = 18446744073709551615n;
const MAX_BIGINT = 9223372036854775807n;

/**
 * A position in the reader's notices: the writing transaction and the row id ("xid.id"),
 * compared in that order (conflict-notices.ts says why).
 */
export const noticeCursorSchema = z
  .string()
  .regex(/^\d{1,20}\.\d{1,19}$/, 'must be a notice cursor (digits.digits)')
  .refine((v) => {
    // zod runs this after a failed pattern too: only digits reach BigInt.
    const m = /^(\d{1,20})\.(\d{1,19})$/.exec(v);
    return !m || (BigInt(m[1]!) <= MAX_XID8 && BigInt(m[2]!) <= MAX_BIGINT);
  }, 'must be a notice cursor within range');

/** One value another person's change lost to the reader's. */
export const conflictNoticeSchema = z.object({
  /** Stable server id (a decimal string). */
  id: z.string().regex(/^\d{1,19}$/),
  collection: z.string().max(40),
  recordId: z.uuid(),
  kind: conflictKindSchema,
  field: z.string().max(60),
  /** The value set aside: the other person's (a whole record for 'deleted-on-server'). */
  lostValue: z.unknown(),
  /** The reader's value, which stayed. */
  keptValue: z.unknown(),
  /** The other person, and when they made their change on their device. */
  other: conflictAuthorSchema,
  noticedAt: z.iso.datetime({ offset: true }),
});
export type ConflictNotice = z.infer<typeof conflictNoticeSchema>;

export const conflictNoticesResponseSchema = z.object({
  notices: z.array(conflictNoticeSchema),
  /** Pass as `after` next time. */
  cursor: noticeCursorSchema,
});
export type ConflictNoticesResponse = z.infer<typeof conflictNoticesResponseSchema>;

/** The cursor before every notice. */
export const NOTICES_FROM_START = '0.0';

/** `GET /api/sync/conflicts?after=` */
export const conflictNoticesQuerySchema = z.strictObject({
  after: noticeCursorSchema.default(NOTICES_FROM_START),
});

/** Most notices one read returns; the client reads again from the cursor while it gets this many. */
export const MAX_CONFLICT_NOTICES = 100;
/** Notices older than this are not handed out (a new device does not get a year of them). */
export const CONFLICT_NOTICE_DAYS = 30;
