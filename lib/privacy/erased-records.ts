import 'server-only';
import type { Queryable } from '../db/types';
import { AppError, ErrorCode } from '../http/app-error';
import { scrubbedTombstone } from '../records/scrubbed-tombstone';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { jsonEqual } from '@/sync/schema/json-equal';
import { ERASED_MESSAGE } from './erased-answer';

export { ERASED_CODE, ERASED_MESSAGE } from './erased-answer';

/**
 * Erasure is final (GDPR article 17): once a contact is erased (lib/privacy/erase-contact.ts),
 * no writer may bring the person back. Not a stale phone pushing its old copy (an edit, or the
 * "Restore" of a deleted-on-server conflict), not an activity or deal written offline that
 * links to the person, not API v1, a workflow or an import. This module is the one rule; it runs
 * in applyChanges (every writer) and in the sync push before a conflict is noted (a noted
 * conflict would store the phone's whole document, values included, in record_conflicts).
 *
 * The erased set is privacy_requests' erase rows (kept for ever, indexed on the subject): the
 * contact by its id, and the activities erased with it by their contactId, which their
 * tombstones keep (scrubbed-tombstone.ts keeps ids). Deals are the organization's and are only
 * unlinked, so a deal is refused only when a change links it to the person again.
 */


/** Collections whose records the erasure tombstones with the contact (erase-records.ts). */
const ERASED_WITH_CONTACT: ReadonlySet<string> = new Set(['activities']);

/** A change as the writers hold it: the record now (null when new) and what it would become. */
export interface CheckedChange {
  before: AnyWireDoc | null;
  after: AnyWireDoc;
}

/** Why a change is refused: it changes an erased record, or links (`contactId`) to an erased contact. */
export type ErasedRefusal = { field: 'record' | 'contactId' };

/** The erased contacts among the ids a batch names, and which ids were looked up (to reuse the answer). */
export interface ErasedLookup {
  looked: ReadonlySet<string>;
  erased: ReadonlySet<string>;
}

const contactIdOf = (doc: AnyWireDoc | null): string | null => (doc && typeof doc.contactId === 'string' ? doc.contactId : null);

/** The contact ids whose erasure decides `changes` of `def` (empty: `def` has nothing to do with contacts). */
function relevantIds(def: CollectionDef, changes: readonly CheckedChange[]): { all: string[]; newlyLinked: string[] } {
  // A contact's own row is locked FOR UPDATE by its writer (lockRecords), as by the erasure.
  if (def.name === 'contacts') return { all: changes.map((c) => c.after.id), newlyLinked: [] };
  if (!def.fieldNames.includes('contactId')) return { all: [], newlyLinked: [] };
  const all = new Set<string>();
  const newlyLinked = new Set<string>();
  for (const { before, after } of changes) {
    const was = contactIdOf(before);
    const will = contactIdOf(after);
    if (was) all.add(was);
    if (will) all.add(will);
    if (will && will !== was) newlyLinked.add(will);
  }
  return { all: [...all], newlyLinked: [...newlyLinked] };
}

/**
 * Which of `changes` are refused because of an erasure, by record id. One indexed query per
 * batch, and none when the batch names no contact. `known` (an earlier lookup in the same
 * transaction, covering these ids) saves the query.
 *
 * The race with an erasure running now (finding 3 of review 20): eraseContact locks the contact
 * row FOR UPDATE before it reads what is linked to it. Here the contacts a change newly links to
 * are locked FOR KEY SHARE before the erased set is read, which waits for that lock: a write
 * linking an activity or deal to the person either commits before the erasure reads its subject
 * (and the erasure then finds and erases it), or waits for the erasure to commit and then, READ
 * COMMITTED, sees its privacy_requests row in the next statement and is refused. A change to a
 * contact itself is serialized by the writer's FOR UPDATE lock on that row (lockRecords).
 * Records already linked are not locked again: the erasure locks those records itself, so a
 * writer holding one need not wait for the contact (it would deadlock with the erasure, which
 * waits for the record); whichever commits last, the erasure's tombstone stays.
 */
export async function lookUpErased(tx: Queryable, tenantId: string, def: CollectionDef, changes: readonly CheckedChange[], known?: ErasedLookup): Promise<ErasedLookup> {
  const { all, newlyLinked } = relevantIds(def, changes);
  if (all.length === 0) return { looked: new Set(), erased: new Set() };
  if (known && all.every((id) => known.looked.has(id))) return known;
  if (newlyLinked.length > 0) {
    await tx.query('SELECT 1 FROM contacts WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR KEY SHARE', [tenantId, newlyLinked.toSorted()]);
  }
  const { rows } = await tx.query<{ id: string }>(
    `SELECT DISTINCT subject_id::text AS id FROM privacy_requests WHERE tenant_id = $1 AND kind = 'erase' AND subject_id = ANY($2::uuid[])`,
    [tenantId, all],
  );
  return { looked: new Set(all), erased: new Set(rows.map((r) => r.id)) };
}

/**
 * Whether `change` removes values and nothing else: it writes the scrubbed tombstone of its
 * record, as the erasure and retention do. Always allowed, so a repeated erasure can still
 * remove a record that slipped in before this rule existed.
 */
function onlyScrubs(def: CollectionDef, { before, after }: CheckedChange): boolean {
  if (!before || !after._deleted) return false;
  const scrubbed = scrubbedTombstone(def, before, String(after.updatedAt));
  return def.fieldNames.every((f) => jsonEqual(scrubbed[f], after[f]));
}

/** Why `change` is refused given `lookup` (lookUpErased), or null. */
export function erasedRefusal(def: CollectionDef, change: CheckedChange, lookup: ErasedLookup): ErasedRefusal | null {
  if (lookup.erased.size === 0 || onlyScrubs(def, change)) return null;
  const { before, after } = change;
  if (def.name === 'contacts') return lookup.erased.has(after.id) ? { field: 'record' } : null;
  const was = contactIdOf(before);
  if (ERASED_WITH_CONTACT.has(def.name) && was && lookup.erased.has(was)) return { field: 'record' };
  const will = contactIdOf(after);
  return will && lookup.erased.has(will) ? { field: 'contactId' } : null;
}

/**
 * Throws a 4xx naming the field (contactId, 422) or the record (409) unless every change may
 * be written. For applyChanges: every writer goes through here.
 */
export async function assertNotErased(tx: Queryable, tenantId: string, def: CollectionDef, changes: readonly CheckedChange[], known?: ErasedLookup): Promise<void> {
  const lookup = await lookUpErased(tx, tenantId, def, changes, known);
  for (const change of changes) {
    const refusal = erasedRefusal(def, change, lookup);
    if (!refusal) continue;
    if (refusal.field === 'contactId') {
      throw new AppError(ErrorCode.Validation, `${ERASED_MESSAGE} (${def.name} record ${change.after.id}: contactId)`, [{ path: 'contactId', message: ERASED_MESSAGE }]);
    }
    throw new AppError(ErrorCode.Conflict, `${ERASED_MESSAGE} (${def.name} record ${change.after.id})`);
  }
}
