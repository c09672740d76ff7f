import 'server-only';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import type { Colleague } from '@/sync/schema/directory';

/**
 * The members of a tenant by name and team: what every member's phone needs to say whose a
 * task is and to show "my team". Deactivated members stay in (marked), as in the server's team
 * scope: their records keep their owner. No emails or roles: a rep's phone has no use for them.
 */
export async function listColleagues(tenantId: string, db?: Database): Promise<Colleague[]> {
  return withTenant(
    tenantId,
    async (tx) =>
      (
        await tx.query<Colleague>(
          `SELECT u.id, u.name, m.team, (m.is_active AND u.is_active) AS active
             FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY u.name, u.id`,
        )
      ).rows,
    db,
  );
}
