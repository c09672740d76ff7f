// Shared by the phone and the server: who may create, change and delete which record. The
// server runs it on every write (lib/records/authorize-change.ts, through applyChanges); the
// phone runs the same function before it offers a control or queues a write, so what the
// phone allows is what the server accepts.
import { can, canWriteRecord, type Role } from '@/lib/auth/roles';
import type { CollectionDef } from '@/sync/schema/define-collection';

export interface RecordActor {
  userId: string;
  role: Role;
}

/** A record as either side holds it: field values by wire name, plus the deletion flag. */
export type RuleDoc = { id: string; _deleted?: boolean } & Record<string, unknown>;

const singular = (def: CollectionDef) => def.name.replace(/ies$/, 'y').replace(/s$/, '');

function ownerOf(def: CollectionDef, doc: RuleDoc | null | undefined): string | null {
  if (!doc || !def.ownerField) return null;
  const v = doc[def.ownerField];
  return typeof v === 'string' ? v : null;
}

/**
 * Why `actor` may not turn `before` (null or deleted: the record is new) into `after`, in
 * words for the person who tried; null when allowed. Pipelines are configuration (owners and
 * admins); records follow the role model: creating needs records:create, changing needs the
 * right to write both the current and the new owner's record (a rep can neither edit another
 * rep's deal nor hand a deal to someone else).
 * Security: the words never say whether the record exists in another workspace.
 */
export function refusalOf(actor: RecordActor, def: CollectionDef, before: RuleDoc | null, after: RuleDoc): string | null {
  const what = singular(def);
  if (!def.ownerField) {
    return can(actor.role, 'pipelines:write') ? null : `Only owners and admins can change ${def.name}.`;
  }
  const isNew = !before || before._deleted;
  if (isNew) {
    if (!can(actor.role, 'records:create')) return `Your role (${actor.role}) can read records but not create them.`;
  } else if (!canWriteRecord(actor, ownerOf(def, before))) {
    if (!can(actor.role, 'records:write-own')) return `Your role (${actor.role}) can read records but not change them.`;
    return after._deleted
      ? `Only its owner or a manager can delete this ${what}: it belongs to someone else.`
      : `Only its owner or a manager can change this ${what}: it belongs to someone else.`;
  }
  if (!canWriteRecord(actor, ownerOf(def, after))) return `You can only own ${def.name} yourself: a manager can give this ${what} to someone else.`;
  return null;
}

/** Whether `actor` may edit (and so delete) `doc` as it is now; the reason when not. */
export function editRefusal(actor: RecordActor, def: CollectionDef, doc: RuleDoc): string | null {
  return refusalOf(actor, def, doc, { ...doc, _deleted: false });
}

/** Whether `actor` may create a record of `def` at all; the reason when not. */
export function createRefusal(actor: RecordActor, def: CollectionDef): string | null {
  const blank = { id: 'new', ...(def.ownerField ? { [def.ownerField]: actor.userId } : {}) };
  return refusalOf(actor, def, null, blank);
}
