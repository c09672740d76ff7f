import 'server-only';
import { notifySessionsChanged } from '../auth/session-revocations';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { safeText } from '@/sync/schema/safe-values';
import { INVITE_TTL_MS } from '../auth/auth-config';
import { recordAuthEvent } from '../auth/auth-events';
import { hashPassword } from '../auth/password';
import { newPasswordSchema } from '../auth/password-policy';
import { ROLES, type Role } from '../auth/roles';
import type { SessionContext } from '../auth/session-context';
import type { RequestMeta } from '../auth/sign-in';
import { hashSingleUseToken, newSingleUseToken, singleUseTokenSchema } from '../auth/single-use-token';
import type { Database } from '../db/types';
import { withSystem, withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { assertCanSend, type Mailer } from '../mail/mailer';

export const createInviteSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter an email address.')),
  role: z.enum(ROLES),
});

export const acceptInviteSchema = z.object({
  token: singleUseTokenSchema('This is not an invite link.'),
  name: safeText().trim().min(1, 'Enter your name.').max(200).optional(),
  password: newPasswordSchema.optional(),
});

/**
 * Invites someone by email with a single-use link valid for 7 days. Only the token's hash is
 * stored; the link goes out through the mail interface and is not returned to the inviter.
 */
export async function createInvite(
  ctx: SessionContext,
  input: z.infer<typeof createInviteSchema>,
  baseUrl: string,
  mailer: Mailer,
  db?: Database,
): Promise<{ id: string; expiresAt: string }> {
  if (input.role === 'owner' && ctx.role !== 'owner') throw new AppError(ErrorCode.Forbidden, 'Only an owner can invite another owner.');
  // Without mail (MAIL_DISABLED=1) an invite could never reach its person: refuse before storing one.
  assertCanSend(mailer);
  const { token, hash } = newSingleUseToken();
  const id = uuidv7();
  const expiresAt = new Date(Date.now() + INVITE_TTL_MS).toISOString();
  const tenantName = await withTenant(
    ctx.tenantId,
    async (tx) => {
      const member = await tx.query('SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1 AND m.is_active', [input.email]);
      if (member.rows.length > 0) throw new AppError(ErrorCode.Conflict, 'This person is already a member.');
      await tx.query('INSERT INTO invites (tenant_id, id, email, role, token_hash, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        ctx.tenantId,
        id,
        input.email,
        input.role,
        hash,
        ctx.userId,
        expiresAt,
      ]);
      return (await tx.query<{ name: string }>('SELECT name FROM tenants WHERE id = $1', [ctx.tenantId])).rows[0]?.name ?? 'your organization';
    },
    db,
  );
  const link = `${baseUrl.replace(/\/$/, '')}/invite/${token}`;
  await mailer.send({
    tenantId: ctx.tenantId,
    to: input.email,
    subject: `You are invited to ${tenantName} on CRM-AI`,
    text: `You have been invited to join ${tenantName} on CRM-AI as ${input.role}.\n\nAccept the invitation (the link works once and expires on ${expiresAt.slice(0, 10)}):\n${link}\n`,
  });
  await recordAuthEvent({ kind: 'invite.create', outcome: 'success', tenantId: ctx.tenantId, actorId: ctx.userId, email: input.email, ip: ctx.ip, detail: { role: input.role, inviteId: id } });
  return { id, expiresAt };
}

export interface InvitePreview {
  email: string;
  tenantName: string;
  role: Role;
  /** The email already has an account: it must be signed in as itself to accept. */
  existingUser: boolean;
}

/** What an unused, unexpired invite is for; null otherwise (one answer for every failure). */
export async function previewInvite(token: string, db?: Database): Promise<InvitePreview | null> {
  if (!acceptInviteSchema.shape.token.safeParse(token).success) return null;
  return withSystem(async (tx) => {
    const r = await tx.query<{ email: string; name: string; role: Role; existing: boolean }>(
      `SELECT i.email, t.name, i.role, EXISTS (SELECT 1 FROM users u WHERE u.email = i.email) AS existing
         FROM invites i JOIN tenants t ON t.id = i.tenant_id
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > now()`,
      [hashSingleUseToken(token)],
    );
    const row = r.rows[0];
    return row ? { email: row.email, tenantName: row.name, role: row.role, existingUser: row.existing } : null;
  }, db);
}

/**
 * Accepts an invite exactly once: the invite row is locked, checked and marked used in the
 * same transaction that creates the user or membership, so a second use (even concurrent)
 * fails and a failed validation leaves the invite unused. System access: the token alone
 * says which tenant it belongs to. A new address sets its name and password here; an existing
 * account must be the signed-in user (`signedInUserId`).
 * Security: the password is hashed (argon2, deliberately slow) only once the invite is known to
 * be valid and for a new account, so requests with made-up tokens cost the server a lookup only.
 */
export async function acceptInvite(input: z.infer<typeof acceptInviteSchema>, meta: RequestMeta, signedInUserId: string | null, db?: Database): Promise<{ email: string }> {
  const invalid = () => new AppError(ErrorCode.NotFound, 'This invite link is not valid: it was already used, has expired or was never issued.');
  const missing = () =>
    new AppError(ErrorCode.Validation, 'Enter your name and choose a password.', [
      ...(input.name ? [] : [{ path: 'name', message: 'required' }]),
      ...(input.password ? [] : [{ path: 'password', message: 'required' }]),
    ]);
  // Unlocked look-up first, so the slow hash runs outside the transaction that holds the invite.
  const pending = await previewInvite(input.token, db);
  if (!pending) {
    await recordAuthEvent({ kind: 'invite.accept', outcome: 'failure', ip: meta.ip, userAgent: meta.userAgent });
    throw invalid();
  }
  let passwordHash: string | undefined;
  if (!pending.existingUser) {
    if (!input.name || !input.password) throw missing();
    passwordHash = await hashPassword(input.password);
  }
  const outcome = await withSystem(async (tx): Promise<{ email: string } | { refused: { tenantId: string; userId: string; email: string; inviteId: string } }> => {
    const r = await tx.query<{ tenant_id: string; id: string; email: string; role: Role }>(
      `SELECT tenant_id, id, email, role FROM invites
        WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now() FOR UPDATE`,
      [hashSingleUseToken(input.token)],
    );
    const invite = r.rows[0];
    // Used by a concurrent request since the look-up.
    if (!invite) {
      await recordAuthEvent({ kind: 'invite.accept', outcome: 'failure', ip: meta.ip, userAgent: meta.userAgent }, tx);
      throw invalid();
    }
    let userId = (await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [invite.email])).rows[0]?.id;
    // Security: the token alone used to add an existing account to the inviting organization,
    // so whoever read the link (the inviter, through the development outbox) could enrol that
    // person without them. An existing account joins only when it is the one signed in.
    // The refusal is recorded after this transaction, which then changes nothing.
    if (userId && userId !== signedInUserId) return { refused: { tenantId: invite.tenant_id, userId, email: invite.email, inviteId: invite.id } };
    if (!userId) {
      // Accounts are never deleted, so an address with an account at the look-up still has one.
      if (!input.name || !passwordHash) throw missing();
      userId = uuidv7();
      await tx.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [userId, invite.email, input.name, passwordHash]);
    }
    await tx.query(
      `INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = EXCLUDED.role, is_active = true`,
      [invite.tenant_id, userId, invite.role],
    );
    await notifySessionsChanged(tx, userId);
    await tx.query('UPDATE invites SET accepted_at = now(), accepted_by = $3 WHERE tenant_id = $1 AND id = $2', [invite.tenant_id, invite.id, userId]);
    await recordAuthEvent({ kind: 'invite.accept', outcome: 'success', tenantId: invite.tenant_id, userId, email: invite.email, ip: meta.ip, userAgent: meta.userAgent, detail: { inviteId: invite.id, role: invite.role } }, tx);
    return { email: invite.email };
  }, db);
  if (!('refused' in outcome)) return outcome;
  const { tenantId, userId, email, inviteId } = outcome.refused;
  const reason = signedInUserId ? 'other_account' : 'not_signed_in';
  await recordAuthEvent({ kind: 'invite.accept', outcome: 'failure', tenantId, userId, email, ip: meta.ip, userAgent: meta.userAgent, detail: { inviteId, reason } });
  throw signedInUserId
    ? new AppError(ErrorCode.Forbidden, `This invitation is for ${email}: sign out, then sign in as ${email} to accept it.`)
    : new AppError(ErrorCode.Unauthenticated, `Sign in as ${email} to accept this invitation.`);
}
