import 'server-only';
import { z } from 'zod';
import { recordAuthEvent, type AuthEvent } from '../auth/auth-events';
import { ROLES, type Role } from '../auth/roles';
import type { SessionContext } from '../auth/session-context';
import { notifySessionsChanged } from '../auth/session-revocations';
import { bumpSessionVersion } from '../auth/sessions';
import type { Database, Queryable } from '../db/types';
import { withSystem, withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { announceChange } from '../records/apply-changes';
import { COLLECTIONS } from '@/sync/schema/collections';
import { safeText } from '@/sync/schema/safe-values';

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  totpEnrolled: boolean;
  /** The member's team (sync scope 'team'), or null. */
  team: string | null;
  /** The countries whose companies the member's phone holds (sync scope 'territory'). */
  territories: string[];
}

/** A team's name; empty means no team. */
export const teamNameSchema = safeText()
  .trim()
  .max(60, 'A team name has at most 60 characters.')
  .transform((v) => (v === '' ? null : v));

/**
 * A territory: a country, as the companies' country field holds it (compared trimmed and
 * without case). No commas (the Members page takes a list separated by them) and no line breaks.
 */
const territoryNameSchema = safeText()
  .trim()
  .min(1, 'A territory needs a name.')
  .max(200, 'A territory has at most 200 characters.')
  .regex(/^[^,\p{Cc}]*$/u, 'A territory cannot contain a comma or a line break.');

/** A member's territories, each once (without case, as first written), in the order given; empty means none. */
export const territoriesSchema = z
  .array(territoryNameSchema)
  .max(50, 'A member has at most 50 territories.')
  .transform((list) => list.filter((t, i) => list.findIndex((u) => u.toLowerCase() === t.toLowerCase()) === i));

export const updateMemberSchema = z
  .strictObject({ role: z.enum(ROLES).optional(), active: z.boolean().optional(), team: teamNameSchema.nullable().optional(), territories: territoriesSchema.optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined || v.team !== undefined || v.territories !== undefined, 'Send a role, active, team or territories.');
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

/** Members of the caller's tenant (RLS scopes the query to it). */
export async function listMembers(ctx: SessionContext, db?: Database): Promise<Member[]> {
  const rows = await withTenant(
    ctx.tenantId,
    async (tx) =>
      (
        await tx.query<{ user_id: string; email: string; name: string; role: Role; is_active: boolean; team: string | null; territories: string[] }>(
          `SELECT m.user_id, u.email, u.name, m.role, m.is_active, m.team, m.territories
             FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY u.name`,
        )
      ).rows,
    db,
  );
  // Second-factor state is credential data the app role cannot read; ask for exactly these ids.
  const enrolled = await withSystem(
    async (tx) =>
      new Set(
        (await tx.query<{ user_id: string }>('SELECT user_id FROM user_totp WHERE confirmed_at IS NOT NULL AND user_id = ANY($1::uuid[])', [rows.map((r) => r.user_id)])).rows.map(
          (r) => r.user_id,
        ),
      ),
    db,
  );
  return rows.map((r) => ({ userId: r.user_id, email: r.email, name: r.name, role: r.role, active: r.is_active, totpEnrolled: enrolled.has(r.user_id), team: r.team, territories: r.territories }));
}

type MemberState = { role: Role; is_active: boolean; team: string | null; territories: string[] };

async function lockedMember(tx: Queryable, userId: string): Promise<MemberState> {
  // Lock every owner row too: two admins demoting the last two owners at once serialise here.
  await tx.query("SELECT 1 FROM memberships WHERE role = 'owner' FOR UPDATE");
  const r = await tx.query<MemberState>('SELECT role, is_active, team, territories FROM memberships WHERE user_id = $1 FOR UPDATE', [userId]);
  // Security: same answer for "not in your tenant" and "does not exist", so ids leak nothing.
  if (!r.rows[0]) throw new AppError(ErrorCode.NotFound, 'No such member in this organization.');
  return r.rows[0];
}

function assertMayTouch(ctx: SessionContext, targetRole: Role, newRole?: Role): void {
  // Only an owner may change an owner or make someone an owner: admins cannot take over.
  if ((targetRole === 'owner' || newRole === 'owner') && ctx.role !== 'owner') {
    throw new AppError(ErrorCode.Forbidden, 'Only an owner can change owners or appoint one.');
  }
}

async function assertNotLastOwner(tx: Queryable, userId: string): Promise<void> {
  const r = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM memberships WHERE role = 'owner' AND is_active AND user_id <> $1", [userId]);
  if ((r.rows[0]?.n ?? 0) === 0) throw new AppError(ErrorCode.Conflict, 'This is the last owner: appoint another owner first.');
}

/**
 * Changes a member's role, active flag, team and/or territories, keeping at least one active
 * owner. A new team changes which records the phones of both teams' members hold (sync scope
 * 'team'), new territories what the member's phone holds (scope 'territory'): they are told
 * to pull, and pull from the start.
 */
export async function updateMember(ctx: SessionContext, userId: string, input: UpdateMemberInput, db?: Database): Promise<void> {
  const before = await withTenant(
    ctx.tenantId,
    async (tx) => {
      const current = await lockedMember(tx, userId);
      assertMayTouch(ctx, current.role, input.role);
      const losesOwner = current.role === 'owner' && current.is_active && ((input.role && input.role !== 'owner') || input.active === false);
      if (losesOwner) await assertNotLastOwner(tx, userId);
      await tx.query(
        `UPDATE memberships SET role = coalesce($2, role), is_active = coalesce($3, is_active), team = CASE WHEN $4 THEN $5 ELSE team END,
                territories = coalesce($6::text[], territories) WHERE user_id = $1`,
        [userId, input.role ?? null, input.active ?? null, input.team !== undefined, input.team ?? null, input.territories ?? null],
      );
      // Any new list (another spelling of the same ones too: their phones then pull and keep their copy).
      const newTerritories = input.territories !== undefined && JSON.stringify(input.territories) !== JSON.stringify(current.territories);
      if ((input.team !== undefined && input.team !== current.team) || newTerritories) {
        for (const def of Object.values(COLLECTIONS)) await announceChange(tx, ctx.tenantId, def.name);
      }
      // Open live streams of this person recheck their session now (deactivation ends them).
      await notifySessionsChanged(tx, userId);
      return { team: current.team, territories: current.territories, newTerritories };
    },
    db,
  );
  const meta = { tenantId: ctx.tenantId, actorId: ctx.userId, userId, ip: ctx.ip, userAgent: ctx.userAgent };
  const events: AuthEvent[] = [];
  if (input.role) events.push({ ...meta, kind: 'member.role_change', outcome: 'success', detail: { role: input.role } });
  if (input.active !== undefined) events.push({ ...meta, kind: input.active ? 'member.reactivate' : 'member.deactivate', outcome: 'success' });
  if (input.team !== undefined && input.team !== before.team) events.push({ ...meta, kind: 'member.team_change', outcome: 'success', detail: { from: before.team, to: input.team } });
  if (before.newTerritories) events.push({ ...meta, kind: 'member.territory_change', outcome: 'success', detail: { from: before.territories, to: input.territories } });
  // Auth events are written by the system role (the app role may not), on the same database.
  if (events.length > 0) await withSystem(async (tx) => { for (const e of events) await recordAuthEvent(e, tx); }, db);
}

/**
 * Removes a member's second factor (lost phone) and signs them out everywhere; they enroll
 * again at their next sign-in if their role requires it.
 *
 * Security: the factor and the session version belong to the person, not to the membership:
 * one authenticator guards every organization they belong to. An admin of this organization
 * may therefore reset it only for a person who belongs to no other organization (active or
 * not); otherwise removing it would open the person's other organizations to whoever holds
 * their password, and bumping the session version would sign them out there. For such a
 * person the answer is 409: they recover with one of their recovery codes (and set up a new
 * authenticator themselves), and deactivating them here cuts their access to this
 * organization at once, and only here.
 */
export async function resetMemberTotp(ctx: SessionContext, userId: string, db?: Database): Promise<void> {
  const target = await withTenant(ctx.tenantId, (tx) => lockedMember(tx, userId), db);
  assertMayTouch(ctx, target.role);
  await withSystem(async (tx) => {
    // A membership added after this check is harmless: the person joins that organization
    // already without a factor, as any new member does, and enrolls there if it requires one.
    const others = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1 AND tenant_id <> $2', [userId, ctx.tenantId]);
    if ((others.rows[0]?.n ?? 0) > 0) {
      throw new AppError(
        ErrorCode.Conflict,
        'This person also belongs to another organization, so their two-factor authentication is not this organization’s to reset. They can sign in with a recovery code and set up a new authenticator; to stop their access here now, deactivate them.',
      );
    }
    await tx.query('DELETE FROM user_totp WHERE user_id = $1', [userId]);
    await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    await bumpSessionVersion(userId, tx);
    await recordAuthEvent({ kind: 'member.reset_second_factor', outcome: 'success', tenantId: ctx.tenantId, actorId: ctx.userId, userId, ip: ctx.ip, userAgent: ctx.userAgent }, tx);
  }, db);
}
