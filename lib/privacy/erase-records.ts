import 'server-only';
import type { Queryable } from '../db/types';
import { logger } from '../observability/logger';
import { announceChange, applyChanges, systemActor, type RecordChange } from '../records/apply-changes';
import { lockRecords, upsertRecords } from '../records/record-sql';
import { scrubbedTombstone } from '../records/scrubbed-tombstone';
import { collectionDef, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { changedFields } from '@/sync/schema/json-equal';
import { CONTACTS, type ContactSubject } from './contact-subject';
import { MENTION_FIELDS } from './mention-fields';
import { mentions, REDACTED, redactText, wordPatterns } from './person-text';

const ACTIVITIES = collectionDef('activities');
const DEALS = collectionDef('deals');

export interface RecordErasure {
  /** The contact's tombstone was written (or rewritten) without its values. */
  contacts: number;
  /** Linked activities tombstoned without their values. */
  activities: number;
  /** Deals taken off the contact (kept: they are the organization's). */
  deals: number;
  /** Other records whose free text named the person (MENTION_FIELDS), with those values redacted. */
  mentions: number;
  /** The person's values kept because another live contact has the same (see ContactSubject). */
  sharedValuesKept: number;
}

/**
 * `doc` valid for today's schema: a field a legacy record holds that fails it (a name longer
 * than today's limit) becomes its blank or null value (REDACTED where blank is not allowed) rather than failing
 * the erasure, which could then never complete. A field no blank value satisfies is left as
 * stored (the database held it already); the record id is logged, never a value.
 */
function validForErasure(def: CollectionDef, doc: AnyWireDoc): AnyWireDoc {
  const first = def.wireSchema.safeParse(doc);
  if (first.success) return doc;
  const out: Record<string, unknown> = { ...doc };
  const fixed: string[] = [];
  for (const name of new Set(first.error.issues.map((i) => String(i.path[0])))) {
    const field = def.fields[name];
    if (!field) continue;
    const blank = [field.empty, ...(field.sql.nullable ? [null] : []), '', REDACTED].find((v) => field.zod.safeParse(v).success);
    if (blank !== undefined) {
      out[name] = blank;
      fixed.push(name);
    }
  }
  logger().warn({ collection: def.name, recordId: doc.id, fields: fixed }, 'erasure blanked fields that fail the current schema');
  return out as AnyWireDoc;
}

/**
 * Writes changes through the one record pipeline (change log, audit, live stream, triggers) as
 * the system. A record already deleted stays deleted: the pipeline has no change to log for a
 * tombstone becoming another tombstone, so that one is rewritten in place and announced, and
 * phones pull the scrubbed tombstone all the same (its change position moves on).
 */
async function writeAll(tx: Queryable, tenantId: string, def: CollectionDef, changes: RecordChange[]): Promise<number> {
  // updatedAt alone is no change: a tombstone scrubbed by an earlier erasure stays as it is.
  const valid = changes.map((c) => ({ ...c, after: validForErasure(def, c.after) }));
  const effective = valid.filter((c) => changedFields([...def.fieldNames.filter((f) => f !== 'updatedAt'), '_deleted'], c.before, c.after).length > 0);
  const rewrites = effective.filter((c) => c.before?._deleted && c.after._deleted).map((c) => c.after);
  const pipeline = effective.filter((c) => !(c.before?._deleted && c.after._deleted));
  // No before/after values in the audit entries: they would be the very values being erased.
  if (pipeline.length) await applyChanges(tx, systemActor(tenantId), def, pipeline, { source: 'system', auditValues: false });
  if (rewrites.length) {
    await upsertRecords(tx, def, tenantId, rewrites);
    await announceChange(tx, tenantId, def.name);
  }
  return effective.length;
}

/** `doc` with the person's values redacted in `fields` (a value that would then be invalid is emptied). */
function redactDoc(def: CollectionDef, fields: readonly string[], doc: AnyWireDoc, needles: readonly string[]): AnyWireDoc {
  const out: Record<string, unknown> = { ...doc };
  for (const name of fields) {
    const field = def.fields[name]!;
    const value = doc[name];
    if (typeof value !== 'string' || !mentions(value, needles)) continue;
    const redacted = redactText(value, needles);
    // Too long once redacted (a needle shorter than REDACTED filled the field): emptied, as a tombstone would be.
    out[name] = [redacted, ...(field.sql.nullable ? [null] : []), REDACTED, ''].find((v) => field.zod.safeParse(v).success) ?? null;
  }
  return out as AnyWireDoc;
}

/** Ids of `def`'s records (deleted ones too) whose `fields` contain one of the needles. */
async function mentioning(tx: Queryable, def: CollectionDef, fields: readonly string[], tenantId: string, needles: readonly string[], except: ReadonlySet<string>): Promise<string[]> {
  const columns = fields.map((f) => def.columnOf[f]);
  if (needles.length === 0) return [];
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM ${def.table} WHERE tenant_id = $1 AND (${columns.map((c) => `${c} ~* ANY($2::text[])`).join(' OR ')}) ORDER BY id`,
    [tenantId, wordPatterns(needles)],
  );
  return rows.map((r) => r.id).filter((id) => !except.has(id));
}

/**
 * The record side of an erasure, in the caller's transaction: the contact and its activities
 * become tombstones without their values (phones remove their copies on the next pull), its
 * deals lose the link to it (and its values in their names), and the free text of other records
 * that names the person (MENTION_FIELDS) has those values redacted. All through the record
 * pipeline, as the system.
 */
export async function eraseRecords(tx: Queryable, tenantId: string, subject: ContactSubject, now: string): Promise<RecordErasure> {
  const { needles } = subject;
  const contact = subject.contact ? await lockRecords(tx, CONTACTS, tenantId, [subject.contactId]) : new Map<string, AnyWireDoc>();
  const contacts = await writeAll(tx, tenantId, CONTACTS, [...contact.values()].map((before) => ({ before, after: scrubbedTombstone(CONTACTS, before, now) })));
  const linked = await lockRecords(tx, ACTIVITIES, tenantId, subject.activityIds);
  const erasedActivities = await writeAll(tx, tenantId, ACTIVITIES, [...linked.values()].map((before) => ({ before, after: scrubbedTombstone(ACTIVITIES, before, now) })));
  const onDeals = await lockRecords(tx, DEALS, tenantId, subject.dealIds);
  const unlinked = await writeAll(
    tx,
    tenantId,
    DEALS,
    [...onDeals.values()].map((before) => ({ before, after: { ...redactDoc(DEALS, MENTION_FIELDS.deals!, before, needles), contactId: null, updatedAt: now } })),
  );
  const handled = new Set([subject.contactId, ...subject.activityIds, ...subject.dealIds]);
  let mentioned = 0;
  for (const def of [ACTIVITIES, DEALS]) {
    const fields = MENTION_FIELDS[def.name]!;
    const ids = await mentioning(tx, def, fields, tenantId, needles, handled);
    const found = await lockRecords(tx, def, tenantId, ids);
    mentioned += await writeAll(
      tx,
      tenantId,
      def,
      [...found.values()].map((before) => ({ before, after: { ...redactDoc(def, fields, before, needles), updatedAt: now } })),
    );
  }
  return { contacts, activities: erasedActivities, deals: unlinked, mentions: mentioned, sharedValuesKept: subject.sharedValuesKept };
}
