import 'server-only';
import type { Queryable } from '../db/types';
import { AppError, ErrorCode } from '../http/app-error';
import { readRecord } from '../records/record-sql';
import { collectionDef, type AnyWireDoc } from '@/sync/schema/collections';
import { contactNeedles, distinctNeedles, fullName } from './person-text';

/** The contact collection as the record helpers take it. */
export const CONTACTS = collectionDef('contacts');

/** The person a privacy request is about, and where their records are. */
export interface ContactSubject {
  contactId: string;
  /** The contact as it is now (a tombstone too); null when its tombstone was purged but history remains. */
  contact: AnyWireDoc | null;
  /** Activities linked to the contact (deleted ones too): they are about the person. */
  activityIds: string[];
  /** Deals the contact is on (deleted ones too): the organization's, linked to the person. */
  dealIds: string[];
  /**
   * The distinctive values the person is known by (email, phone, full name) in every version the
   * record, its change log and its audit values hold, so an old address is found too.
   */
  needles: string[];
  /**
   * How many of the person's values were left out of `needles` because another live contact of
   * the tenant has the same email, phone or full name: redacting them would edit that person's
   * data too, so they are kept (reported as "shared with another contact").
   */
  sharedValuesKept: number;
}

/**
 * The needles that are another live contact's email, phone or full name (ignoring case and
 * surrounding spaces) in the tenant: that value is theirs as much as the person's.
 */
async function sharedWithOthers(tx: Queryable, tenantId: string, contactId: string, needles: readonly string[]): Promise<Set<string>> {
  if (needles.length === 0) return new Set();
  const c = (f: string) => `trim(${CONTACTS.columnOf[f]})`;
  const { rows } = await tx.query<{ n: string }>(
    `SELECT n FROM unnest($3::text[]) n WHERE lower(n) IN (SELECT s.v FROM (
       SELECT lower(${c('email')}) AS v FROM contacts WHERE tenant_id = $1 AND id <> $2 AND NOT deleted
       UNION ALL SELECT lower(${c('phone')}) FROM contacts WHERE tenant_id = $1 AND id <> $2 AND NOT deleted
       UNION ALL SELECT lower(${c('firstName')} || ' ' || ${c('lastName')}) FROM contacts
         WHERE tenant_id = $1 AND id <> $2 AND NOT deleted AND ${c('firstName')} <> '' AND ${c('lastName')} <> ''
     ) s)`,
    [tenantId, contactId, needles],
  );
  return new Set(rows.map((r) => r.n));
}

const ids = async (tx: Queryable, table: 'activities' | 'deals', tenantId: string, contactId: string) =>
  (await tx.query<{ id: string }>(`SELECT id FROM ${table} WHERE tenant_id = $1 AND contact_id = $2 ORDER BY id`, [tenantId, contactId])).rows.map((r) => r.id);

/**
 * Finds a contact of `tenantId` and what is about it, or answers 404 (the same answer for a
 * contact of another tenant: ids never tell which records exist elsewhere). A contact whose
 * tombstone was purged is still found while its change log or audit values remain.
 * Works as the app role (RLS) or as the owner with the tenant set: every query names the tenant.
 */
export async function loadContactSubject(tx: Queryable, tenantId: string, contactId: string): Promise<ContactSubject> {
  const contact = await readRecord(tx, CONTACTS, tenantId, contactId);
  const versions = await tx.query<{ doc: Record<string, unknown> | null }>(
    `SELECT before AS doc FROM record_changes WHERE tenant_id = $1 AND collection = 'contacts' AND record_id = $2
     UNION ALL SELECT after FROM record_changes WHERE tenant_id = $1 AND collection = 'contacts' AND record_id = $2`,
    [tenantId, contactId],
  );
  // Audit values list changed fields only: each name seen is paired with each other name seen.
  const audited = await tx.query<{ changes: Record<string, { before: unknown; after: unknown }> }>(
    `SELECT v.changes FROM audit_values v JOIN audit_log a ON a.tenant_id = v.tenant_id AND a.seq = v.seq
     WHERE a.tenant_id = $1 AND a.target_type = 'contacts' AND a.target_id = $2
     UNION ALL SELECT changes FROM audit_pending WHERE tenant_id = $1 AND target_type = 'contacts' AND target_id = $2 AND changes IS NOT NULL`,
    [tenantId, contactId],
  );
  if (!contact && versions.rows.length === 0 && audited.rows.length === 0) throw new AppError(ErrorCode.NotFound, 'No such contact.');
  const docs = [contact, ...versions.rows.map((r) => r.doc)].filter((d): d is Record<string, unknown> => d !== null);
  const values = (field: string) => [
    ...docs.map((d) => d[field]),
    ...audited.rows.flatMap((r) => [r.changes[field]?.before, r.changes[field]?.after]),
  ].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const firstNames = [...new Set(values('firstName'))];
  const lastNames = [...new Set(values('lastName'))];
  const all = distinctNeedles([
    ...docs.flatMap((d) => contactNeedles(d)),
    ...values('email'),
    ...values('phone'),
    ...firstNames.flatMap((f) => lastNames.map((l) => fullName(f, l))),
  ]);
  const shared = await sharedWithOthers(tx, tenantId, contactId, all);
  const needles = all.filter((n) => !shared.has(n));
  return {
    contactId,
    contact,
    activityIds: await ids(tx, 'activities', tenantId, contactId),
    dealIds: await ids(tx, 'deals', tenantId, contactId),
    needles,
    sharedValuesKept: all.length - needles.length,
  };
}
