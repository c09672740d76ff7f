import 'server-only';
import type { Queryable } from '@/lib/db/types';
import type { Checkpoint } from '@/sync/schema/protocol';
import { syncScopeFromSettings } from '@/sync/schema/sync-scope';

/**
 * What one person's phone holds: the whole tenant, or (scopes 'own' and 'team') the records
 * of `people`, plus what their deals and activities link to (scoped-pull.ts). `key` names the
 * team as it is now (a hash of its members' ids), so a copy made for other members is found.
 */
export type PersonScope = { scope: 'all' } | { scope: 'own'; people: string[] } | { scope: 'team'; people: string[]; key: string };

export const WHOLE_TENANT: PersonScope = { scope: 'all' };

/** The tenant's sync scope (tenants.settings) and, when scoped, whose records `userId` holds. */
export async function readPersonScope(tx: Queryable, tenantId: string, userId: string): Promise<PersonScope> {
  const { rows } = await tx.query<{ settings: unknown }>('SELECT settings FROM tenants WHERE id = $1', [tenantId]);
  const scope = syncScopeFromSettings(rows[0]?.settings);
  if (scope === 'all') return WHOLE_TENANT;
  if (scope === 'own') return { scope, people: [userId] };
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
  return person.scope !== 'team' || checkpoint.k === person.key;
}
