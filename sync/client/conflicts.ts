// Browser module: the local-only conflicts collection (never replicated) where the merge keeps
// the values that lost, and the sync keeps the changes the server refused, so the user can see
// them (with the reason) and restore or re-apply them.
import type { RxCollection, RxJsonSchema, MigrationStrategies } from 'rxdb';
import type { ConflictKind, MergeConflict } from './three-way-merge';

/** A kept change: a merge's losing value, or (`rejected`) a whole change the server refused. */
export type KeptKind = ConflictKind | 'rejected';

export interface ConflictDoc {
  id: string;
  /** The synced collection (not "collection": RxDocument has a property of that name). */
  collectionName: string;
  recordId: string;
  kind: KeptKind;
  field: string;
  /** JSON of the value that lost (the local value; the whole local record for deleted-on-server). */
  localValue: string;
  /** JSON of the value that won. */
  serverValue: string;
  createdAt: string;
  /** Why the server refused the change (kind `rejected`), in words for its author. */
  reason?: string;
}

export type ConflictCollection = RxCollection<ConflictDoc>;

export const conflictSchema: RxJsonSchema<ConflictDoc> = {
  // 1: kind `rejected` and its `reason` (the push protocol's refused rows).
  version: 1,
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
  },
  required: ['id', 'collectionName', 'recordId', 'kind', 'field', 'localValue', 'serverValue', 'createdAt'],
  indexes: ['createdAt'],
  additionalProperties: false,
};

/** Version 0 documents are valid version 1 documents (1 only added a kind and a field). */
export const conflictMigrations: MigrationStrategies = { 1: (doc: ConflictDoc) => doc };

/** FNV-1a: a short stable hash so the same conflict resolved twice is stored once. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The conflict rows for one merge. */
export function toConflictDocs(collection: string, recordId: string, conflicts: MergeConflict[], now = new Date()): ConflictDoc[] {
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
    };
  });
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
