// Shared with the browser: whose records a list shows and how an owner is named (pure, tested
// beside). The colleagues come with the sync session (sync/client/start-sync.ts).
import type { Role } from '@/lib/auth/roles';
import { sameTeam, type Colleague } from '@/sync/schema/directory';

/** Whose work a list shows: the signed-in person's (the default), their team's, or everyone's. */
export type Whose = 'mine' | 'team' | 'everyone';

/** Who is looking, as the phone knows it (sync/client/start-sync.ts). */
export interface Viewer {
  userId: string | null;
  team: string | null;
  people: readonly Colleague[];
}

/**
 * The owners a list of `whose` work includes; null means any owner. Records with no owner are
 * shared, so they count as everyone's own. "My team" without a team is my own; team names
 * compare as the server's team scope compares them, deactivated members included.
 */
export function ownersOf(whose: Whose, viewer: Viewer): (string | null)[] | null {
  if (whose === 'everyone' || viewer.userId === null) return null;
  const team = whose === 'team' && viewer.team !== null ? viewer.people.filter((p) => sameTeam(p.team, viewer.team)).map((p) => p.id) : [];
  return [...new Set([viewer.userId, ...team]), null];
}

/** A local-database selector for the owners above (the screen never loads what it will not show). */
export function ownerSelector(owners: (string | null)[] | null): Record<string, unknown> {
  return owners === null ? {} : { ownerId: { $in: owners } };
}

/** Who did something, for "by …" after it: "you", a colleague's name, or null when nobody is recorded. */
export function byWhom(ownerId: string | null, viewer: Viewer): string | null {
  if (ownerId === null) return null;
  return ownerId === viewer.userId ? 'you' : ownerName(ownerId, viewer);
}

/** How a task's or activity's owner is named: "You", a colleague's name, or why there is none. */
export function ownerName(ownerId: string | null, viewer: Viewer): string {
  if (ownerId === null) return 'No owner';
  if (ownerId === viewer.userId) return 'You';
  return viewer.people.find((p) => p.id === ownerId)?.name ?? 'A former member';
}

/**
 * The "Show whose" choices: a rep's lists are their own (and the shared); managers, admins and
 * owners lead people, so they may look at their team's or everyone's; an auditor owns no work
 * and starts at everyone's. "My team" only when the viewer has a team.
 */
export function whoseChoices(viewer: { role: Role | null; team: string | null }): { choices: { id: Whose; label: string }[]; initial: Whose } {
  if (viewer.role === 'rep' || viewer.role === null) return { choices: [], initial: 'mine' };
  const choices: { id: Whose; label: string }[] = [
    { id: 'mine', label: 'Mine' },
    ...(viewer.team ? [{ id: 'team' as const, label: `My team (${viewer.team})` }] : []),
    { id: 'everyone', label: 'Everyone' },
  ];
  return { choices, initial: viewer.role === 'auditor' ? 'everyone' : 'mine' };
}
