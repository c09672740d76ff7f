import 'server-only';
import type { SessionContext } from '../auth/session-context';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { containsPattern } from './person-text';
import type { ContactSearchQuery, PrivacyContact } from './privacy-schemas';

/** Most contacts one search answers with: the admin narrows the text rather than scrolls. */
export const MAX_FOUND_CONTACTS = 20;

/**
 * Live contacts of the caller's tenant whose full name or email contains `q` (ignoring case),
 * with their company's name, for choosing whom a privacy request is about. Online search over
 * the whole organization: the admin's phone may hold only part of it.
 */
export async function searchContactsForPrivacy(ctx: SessionContext, query: ContactSearchQuery, db?: Database): Promise<PrivacyContact[]> {
  const pattern = containsPattern(query.q);
  return withTenant(
    ctx.tenantId,
    async (tx) =>
      (
        await tx.query<{ id: string; first_name: string; last_name: string; email: string | null; company_name: string | null }>(
          `SELECT c.id, c.first_name, c.last_name, c.email, co.name AS company_name
           FROM contacts c LEFT JOIN companies co ON co.tenant_id = c.tenant_id AND co.id = c.company_id AND NOT co.deleted
           WHERE c.tenant_id = $1 AND NOT c.deleted
             AND ((c.first_name || ' ' || c.last_name) ILIKE $2 OR c.email ILIKE $2)
           ORDER BY c.last_name, c.first_name, c.id
           LIMIT ${MAX_FOUND_CONTACTS}`,
          [ctx.tenantId, pattern],
        )
      ).rows.map((r) => ({ id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email, companyName: r.company_name })),
    db,
  );
}
