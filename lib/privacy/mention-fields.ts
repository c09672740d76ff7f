import 'server-only';
import { mentions, redactText } from './person-text';

/**
 * Free-text fields of records that are not the person's own, where people write about them
 * (a call's subject, a note, a deal named after its buyer), by collection: an erasure redacts the
 * person's values found there, in the records, their change log and their audit values alike.
 * Structured fields are left alone on purpose: another contact's phone or a company's address
 * may be the same switchboard or office as the person's, and is that record's own data.
 */
export const MENTION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  activities: ['subject', 'body'],
  deals: ['name'],
};

/** A stored document of `collection` with the needles redacted in its mention fields only. */
export function redactMentionFields(collection: string, doc: Record<string, unknown> | null, needles: readonly string[]): Record<string, unknown> | null {
  if (!doc) return doc;
  const out = { ...doc };
  for (const f of MENTION_FIELDS[collection] ?? []) {
    const v = out[f];
    if (typeof v === 'string' && mentions(v, needles)) out[f] = redactText(v, needles);
  }
  return out;
}

/** Do an audit entry's values (`{ field: { before, after } }`) of `collection` name the person in a mention field? */
export function valuesMention(collection: string, changes: Record<string, { before?: unknown; after?: unknown }>, needles: readonly string[]): boolean {
  return (MENTION_FIELDS[collection] ?? []).some((f) => [changes[f]?.before, changes[f]?.after].some((v) => typeof v === 'string' && mentions(v, needles)));
}
