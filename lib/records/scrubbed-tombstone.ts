import 'server-only';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';

/** What a required text field that may not be empty holds once its record is scrubbed. */
export const SCRUBBED_TEXT = 'Removed';

/**
 * A record's tombstone with its values removed, for erasure (GDPR article 17) and retention:
 * phones still need a tombstone to remove their copy on the next pull, but a tombstone that
 * kept the values would keep the person's data for as long as tombstones live.
 * Kept: the id, ids of other records (sync scopes route the tombstone by owner and company, and
 * an id alone says nothing about a person), timestamps, enums, booleans and whole numbers. Removed:
 * every free-text value (null when nullable, '' or SCRUBBED_TEXT when required; a patterned code
 * such as a currency is kept) and every other
 * nullable value (a visit's coordinates, a due date). `now` becomes updatedAt.
 */
export function scrubbedTombstone(def: CollectionDef, doc: AnyWireDoc, now: string): AnyWireDoc {
  const out: Record<string, unknown> = { ...doc, _deleted: true, updatedAt: now };
  for (const name of def.fieldNames) {
    const field = def.fields[name]!;
    if (name === 'id' || field.type.kind === 'uuid' || name === 'createdAt' || name === 'updatedAt') continue;
    if (field.sql.nullable) out[name] = null;
    else if (field.type.kind === 'string') {
      // A code that accepts neither (a currency's three letters) is not free text: kept.
      const blank = ['', SCRUBBED_TEXT].find((v) => field.zod.safeParse(v).success);
      if (blank !== undefined) out[name] = blank;
    }
  }
  return out as AnyWireDoc;
}
