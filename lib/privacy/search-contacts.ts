import 'server-only';
import type { SessionContext } from '../auth/session-context';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { containsPattern } from './person-text';
import { MAX_FOUND_CONTACTS, type ContactSearchQuery, type PrivacyContact } from './privacy-schemas';

type Row = { id: string; first_name: string; last_name: string; email: string | null; company_name: string | null; deleted: boolean };

/**
 * Contacts of the caller's tenant matching `where` ($2...), with their company's name: deleted
 * ones too (their tombstone, history and audit values still hold their data until erased), not
 * those already erased.
 */
async function selectContacts(ctx: SessionContext, where: string, params: unknown[], db?: Database): Promise<PrivacyContact[]> {
  return withTenant(
    ctx.tenantId,
    async (tx) =>
      (
        await tx.query<Row>(
          `SELECT c.id, c.first_name, c.last_name, c.email, co.name AS company_name, c.deleted
           FROM contacts c LEFT JOIN companies co ON co.tenant_id = c.tenant_id AND co.id = c.company_id AND NOT co.deleted
           WHERE c.tenant_id = $1
             AND NOT EXISTS (SELECT 1 FROM privacy_requests p WHERE p.tenant_id = c.tenant_id AND p.kind = 'erase' AND p.subject_id = c.id)
             AND ${where}`,
          [ctx.tenantId, ...params],
        )
      ).rows.map((r) => ({ id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email, companyName: r.company_name, deleted: r.deleted })),
    db,
  );
}

/**
 * Contacts of the caller's tenant whose full name or email contains `q` (ignoring case),
 * with their company's name, for choosing whom a privacy request is about. Online search over
 * the whole organization: the admin's phone may hold only part of it.
 */
export async function searchContactsForPrivacy(ctx: SessionContext, query: ContactSearchQuery, db?: Database): Promise<PrivacyContact[]> {
  return selectContacts(
    ctx,
    `((c.first_name || ' ' || c.last_name) ILIKE $2 OR c.email ILIKE $2) ORDER BY c.deleted, c.last_name, c.first_name, c.id LIMIT ${MAX_FOUND_CONTACTS}`,
    [containsPattern(query.q)],
    db,
  );
}

/** One contact of the caller's tenant (a privacy link from its page), or null when there is none or it was erased. */
export async function contactForPrivacy(ctx: SessionContext, id: string, db?: Database): Promise<PrivacyContact | null> {
  return (await selectContacts(ctx, 'c.id = $2', [id], db))[0] ?? null;
}
