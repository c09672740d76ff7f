// Browser module: the local-only conflicts collection (never replicated) where the merge keeps
// the values that lost, so the user can see and restore them.
import type { RxCollection, RxJsonSchema } from 'rxdb';
import type { ConflictKind, MergeConflict } from './three-way-merge';

export interface ConflictDoc {
  id: string;
  /** The synced collection (not "collection": RxDocument has a property of that name). */
  collectionName: string;
  recordId: string;
  kind: ConflictKind;
  field: string;
  /** JSON of the value that lost (the local value; the whole local record for deleted-on-server). */
  localValue: string;
  /** JSON of the value that won. */
  serverValue: string;
  createdAt: string;
}

export type ConflictCollection = RxCollection<ConflictDoc>;

export const conflictSchema: RxJsonSchema<ConflictDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    collectionName: { type: 'string', maxLength: 40 },
    recordId: { type: 'string', maxLength: 36 },
    kind: { type: 'string', enum: ['field', 'deleted-on-server', 'delete-overridden'], maxLength: 20 },
    field: { type: 'string', maxLength: 60 },
    localValue: { type: 'string' },
    serverValue: { type: 'string' },
    createdAt: { type: 'string', maxLength: 24 },
  },
  required: ['id', 'collectionName', 'recordId', 'kind', 'field', 'localValue', 'serverValue', 'createdAt'],
  indexes: ['createdAt'],
  additionalProperties: false,
};

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
