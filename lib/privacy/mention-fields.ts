import 'server-only';
import type { Queryable } from '../db/types';
import { jsonWordPatterns, mentions, redactText } from './person-text';

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

/** A change-log row (whole documents before and after a write). */
export type ChangeRow = {
  id: number;
  collection: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

/** Does a stored document of `collection` name the person in a mention field? */
export function docMentions(collection: string, doc: Record<string, unknown> | null, needles: readonly string[]): boolean {
  return !!doc && (MENTION_FIELDS[collection] ?? []).some((f) => typeof doc[f] === 'string' && mentions(doc[f] as string, needles));
}

// The two places besides the records where other records' mention fields are kept: their change
// log and their audit values. The erasure redacts or removes what these find, and the export
// (article 15) lists the same rows: one finder for both, so they cannot drift apart.

/** Change-log rows of records other than `except` whose mention fields name the person. */
export async function changesMentioning(tx: Queryable, tenantId: string, needles: readonly string[], except: readonly string[]): Promise<ChangeRow[]> {
  if (needles.length === 0) return [];
  const { rows } = await tx.query<ChangeRow>(
    `SELECT id, collection, before, after FROM record_changes
     WHERE tenant_id = $1 AND collection = ANY($4::text[]) AND NOT (record_id = ANY($2::uuid[]))
       AND (before::text ~* ANY($3::text[]) OR after::text ~* ANY($3::text[]))
     ORDER BY id`,
    [tenantId, except, jsonWordPatterns(needles), Object.keys(MENTION_FIELDS)],
  );
  // SQL finds the values anywhere in the document; only a mention field makes it the person's.
  return rows.filter((r) => docMentions(r.collection, r.before, needles) || docMentions(r.collection, r.after, needles));
}

/** Sequence numbers of audit entries about records with mention fields whose values name the person there. */
export async function auditValuesMentioning(tx: Queryable, tenantId: string, needles: readonly string[]): Promise<number[]> {
  if (needles.length === 0) return [];
  const { rows } = await tx.query<{ seq: number; target_type: string; changes: Record<string, { before?: unknown; after?: unknown }> }>(
    `SELECT v.seq, a.target_type, v.changes FROM audit_values v JOIN audit_log a ON a.tenant_id = v.tenant_id AND a.seq = v.seq
     WHERE v.tenant_id = $1 AND a.target_type = ANY($3::text[]) AND v.changes::text ~* ANY($2::text[])
     ORDER BY v.seq`,
    [tenantId, jsonWordPatterns(needles), Object.keys(MENTION_FIELDS)],
  );
  return rows.filter((r) => valuesMention(r.target_type, r.changes, needles)).map((r) => Number(r.seq));
}
