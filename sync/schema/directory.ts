// Shared by browser and server: the colleagues a phone can name (task owners, "my team"),
// sent with the sync session and kept on the phone so the names show offline.
import { z } from 'zod';

export const colleagueSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The member's team (set on the Members page), or null. */
  team: z.string().nullable(),
  /** False for a deactivated member: still named on their records, and still in their team's work. */
  active: z.boolean(),
});
export type Colleague = z.infer<typeof colleagueSchema>;

export const directorySchema = z.array(colleagueSchema);

/**
 * Whether two team names are the same team: without case, as the server's sync scope compares
 * them (sync/server/scope-people.ts, `lower(team)`); names are stored trimmed.
 */
export function sameTeam(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}
