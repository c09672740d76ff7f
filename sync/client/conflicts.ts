// Browser module: the local-only conflicts collection (never replicated) where the merge keeps
// the values that lost, and the sync keeps the changes the server refused, so the user can see
// them (with the reason) and restore or re-apply them.
import type { RxCollection, RxJsonSchema, MigrationStrategies } from 'rxdb';
import type { ConflictAuthor, ConflictAuthors, ConflictNotice } from '@/sync/schema/conflict-notice';
import type { ConflictKind, MergeConflict } from '@/sync/schema/three-way-merge';

/** A kept change: a merge's losing value, or (`rejected`) a whole change the server refused. */
export type KeptKind = ConflictKind | 'rejected';

/**
 * Whose value lost: `mine` (this person's change was set aside on this device; the default) or
 * `theirs` (another person's was, because this person's change stayed: a notice from the server).
 */
export type ConflictSide = 'mine' | 'theirs';

export interface ConflictDoc {
  id: string;
  /** The synced collection (not "collection": RxDocument has a property of that name). */
  collectionName: string;
  recordId: string;
  kind: KeptKind;
  field: string;
  /** JSON of the value that lost (the whole record that lost for deleted-on-server). Restoring puts it back. */
  localValue: string;
  /** JSON of the value that won. */
  serverValue: string;
  createdAt: string;
  /** Why the server refused the change (kind `rejected`), in words for its author. */
  reason?: string;
  /** Absent: `mine`. */
  side?: ConflictSide;
  /** The other person of the conflict (in words: a name, "the workflow …"), when the server knows. */
  otherName?: string;
  /** When the other person made their change. */
  otherAt?: string;
  /** The other change was this person's own, made on another device. */
  otherIsSelf?: boolean;
}

export type ConflictCollection = RxCollection<ConflictDoc>;

export const conflictSchema: RxJsonSchema<ConflictDoc> = {
  // 1: kind `rejected` and its `reason` (the push protocol's refused rows).
  // 2: `side`, `otherName`, `otherAt`, `otherIsSelf` (conflicts told to both sides, with who and when).
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    collectionName: { type: 'string', maxLength: 40 },
    recordId: { type: 'string', maxLength: 36 },
    kind: { type: 'string', enum: ['field', 'deleted-on-server', 'delete-overridden', 'rejected'], maxLength: 20 },
    field: { type: 'string', maxLength: 60 },
    localValue: { type: 'string' },
    serverValue: { type: 'string' },
    createdAt: { type: 'string', maxLength: 24 },
    reason: { type: 'string', maxLength: 2000 },
    side: { type: 'string', enum: ['mine', 'theirs'], maxLength: 6 },
    otherName: { type: 'string', maxLength: 300 },
    otherAt: { type: 'string', maxLength: 30 },
    otherIsSelf: { type: 'boolean' },
  },
  required: ['id', 'collectionName', 'recordId', 'kind', 'field', 'localValue', 'serverValue', 'createdAt'],
  indexes: ['createdAt'],
  additionalProperties: false,
};

/** Older documents are valid as they are (each version only added kinds and optional fields). */
export const conflictMigrations: MigrationStrategies = { 1: (doc: ConflictDoc) => doc, 2: (doc: ConflictDoc) => doc };

/** `otherName`/`otherAt`/`otherIsSelf` of a conflict from what the server said (absent values left out). */
function other(author: ConflictAuthor | undefined): Pick<ConflictDoc, 'otherName' | 'otherAt' | 'otherIsSelf'> {
  return {
    ...(author?.who ? { otherName: author.who.slice(0, 300) } : {}),
    ...(author?.at ? { otherAt: author.at } : {}),
    ...(author?.self ? { otherIsSelf: true } : {}),
  };
}

/** FNV-1a: a short stable hash so the same conflict resolved twice is stored once. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The conflict rows for one merge, with who made each change that stayed when the server said (`authors`). */
export function toConflictDocs(collection: string, recordId: string, conflicts: MergeConflict[], now = new Date(), authors?: ConflictAuthors): ConflictDoc[] {
  return conflicts.map((c) => {
    const localValue = JSON.stringify(c.localValue ?? null);
    const serverValue = JSON.stringify(c.serverValue ?? null);
    return {
      id: `${collection}|${recordId}|${c.field}|${hash(localValue + '\u0000' + serverValue)}`,
      collectionName: collection,
      recordId,
      kind: c.kind,
      field: c.field,
      localValue,
      serverValue,
      createdAt: now.toISOString(),
      ...other(authors?.[c.field]),
    };
  });
}

/**
 * The row for a notice from the server: another person's value set aside because this
 * person's stayed. Kept like a conflict of one's own, so restoring applies their value.
 */
export function toNoticeDoc(notice: ConflictNotice): ConflictDoc {
  return {
    id: `notice|${notice.id}`,
    collectionName: notice.collection,
    recordId: notice.recordId,
    kind: notice.kind,
    field: notice.field,
    localValue: JSON.stringify(notice.lostValue ?? null),
    serverValue: JSON.stringify(notice.keptValue ?? null),
    createdAt: notice.noticedAt,
    side: 'theirs',
    ...other(notice.other),
  };
}

/**
 * The kept row for a change the server refused: the refused document (`localValue`, to copy or
 * re-apply), the server's document it was put back to (`serverValue`, null when the server has
 * none) and the reason. One row per refused change: a second refusal of the same record
 * with other values is kept beside the first.
 */
export function toRejectionDoc(collection: string, refused: object & { id: string }, server: object | null, reason: string, now = new Date()): ConflictDoc {
  return {
    id: `${collection}|${refused.id}|rejected|${hash(JSON.stringify(refused))}`,
    collectionName: collection,
    recordId: refused.id,
    kind: 'rejected',
    field: '*',
    localValue: JSON.stringify(refused),
    serverValue: JSON.stringify(server),
    createdAt: now.toISOString(),
    reason: reason.slice(0, 2000),
  };
}
