import 'server-only';
import type { Queryable } from '@/lib/db/types';
import type { Checkpoint } from '@/sync/schema/protocol';
import { syncScopeFromSettings } from '@/sync/schema/sync-scope';

/**
 * What one person's phone holds: the whole tenant, or (scopes 'own', 'team', 'territory') the
 * records of `people`, plus what their deals and activities link to, plus (scope 'territory')
 * the companies whose country is one of `territories` (lower case) and their records
 * (scoped-pull.ts). `key` names the team or the territories as they are now (a hash), so a
 * copy made for others is found.
 */
export type PersonScope =
  | { scope: 'all' }
  | { scope: 'own'; people: string[] }
  | { scope: 'team'; people: string[]; key: string }
  | { scope: 'territory'; people: string[]; territories: string[]; key: string };

export const WHOLE_TENANT: PersonScope = { scope: 'all' };

/** The tenant's sync scope (tenants.settings) and, when scoped, whose records `userId` holds. */
export async function readPersonScope(tx: Queryable, tenantId: string, userId: string): Promise<PersonScope> {
  const { rows } = await tx.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [tenantId]);
  const scope = syncScopeFromSettings(rows[0]?.settings);
  if (scope === 'all') return WHOLE_TENANT;
  if (scope === 'own') return { scope, people: [userId] };
  if (scope === 'territory') {
    // Values compare without case, as the companies' countries do (companies_territory_idx).
    const mine = await tx.query<{ territories: string[]; key: string }>(
      `SELECT coalesce(array_agg(DISTINCT lower(t) ORDER BY lower(t)), '{}') AS territories,
              md5(coalesce(json_agg(DISTINCT lower(t) ORDER BY lower(t))::text, '[]')) AS key
         FROM memberships m CROSS JOIN LATERAL unnest(m.territories) AS t
        WHERE m.tenant_id = $1 AND m.user_id = $2::uuid`,
      [tenantId, userId],
    );
    return { scope, people: [userId], territories: mine.rows[0]!.territories, key: mine.rows[0]!.key };
  }
  // Team names compare without case; someone without a team is a team of one. Deactivated
  // members stay in: their records are still the team's work.
  const team = await tx.query<{ people: string[]; key: string }>(
    `SELECT coalesce(array_agg(m.user_id::text ORDER BY m.user_id), ARRAY[$2::uuid::text]) AS people,
            md5(coalesce(string_agg(m.user_id::text, ',' ORDER BY m.user_id), $2::uuid::text)) AS key
       FROM memberships me
       JOIN memberships m ON m.tenant_id = me.tenant_id AND lower(m.team) = lower(me.team)
      WHERE me.tenant_id = $1 AND me.user_id = $2::uuid`,
    [tenantId, userId],
  );
  return { scope, people: team.rows[0]!.people, key: team.rows[0]!.key };
}

/** Whether a copy at `checkpoint` was made for this scope (else the phone must pull from the start). */
export function copyMatches(checkpoint: Checkpoint, person: PersonScope): boolean {
  if ((checkpoint.s ?? 'all') !== person.scope) return false;
  return person.scope === 'all' || person.scope === 'own' || checkpoint.k === person.key;
}
