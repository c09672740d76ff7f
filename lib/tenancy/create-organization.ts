import 'server-only';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { safeText } from '@/sync/schema/safe-values';
import { signupMailAllowed } from '../auth/attempt-limits';
import { SIGNUP_TTL_MS } from '../auth/auth-config';
import { recordAuthEvent } from '../auth/auth-events';
import { hashPassword } from '../auth/password';
import { newPasswordSchema } from '../auth/password-policy';
import type { RequestMeta } from '../auth/sign-in';
import { hashSingleUseToken, newSingleUseToken, singleUseTokenSchema } from '../auth/single-use-token';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { assertCanSend, type Mailer } from '../mail/mailer';
import { formatUtc } from '../design/dates';

// Creating an organization takes two steps (issue 13, item 1):
// 1. requestOrganization: an email address only. The answer is the same whether or not the
//    address has an account, and a single-use link is mailed to it.
// 2. completeSignup, from that link: a new person chooses their name and password; an existing
//    account must be signed in as itself and only names the organization.
// Security: the old one-step form took an existing account's password and answered 201 or 422,
// which made it a password-guessing oracle outside the lockout and told who had an account.
// Now no step checks a password, and only the mailbox's owner learns whether it has an account.

const email = z.string().trim().toLowerCase().pipe(z.email('Enter an email address.'));
const organizationName = safeText().trim().min(1, 'Enter the organization’s name.').max(200);
const token = singleUseTokenSchema('This is not a sign-up link.');

export const requestOrganizationSchema = z.object({ email });
export type RequestOrganizationInput = z.infer<typeof requestOrganizationSchema>;

export const completeSignupSchema = z.object({
  token,
  organizationName,
  name: safeText().trim().min(1, 'Enter your name.').max(200).optional(),
  password: newPasswordSchema.optional(),
});
export type CompleteSignupInput = z.infer<typeof completeSignupSchema>;

/** What the sign-up step answers for every address, so the answer tells nothing. */
export const SIGNUP_MAILED_MESSAGE = 'Check your email: we sent a link to continue. It works once, for 24 hours.';

function slugFor(name: string): string {
  const base = name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'org';
  return `${base.length < 2 ? `${base}-org` : base}-${randomBytes(3).toString('hex')}`;
}

/**
 * Step 1: mails a single-use link to `input.email`. Same work and same answer for a new and
 * an existing address (one lookup, one insert, one mail); a new address is invited to finish
 * the sign-up, an existing account is told to sign in and add the organization from the link.
 */
export async function requestOrganization(input: RequestOrganizationInput, baseUrl: string, mailer: Mailer, meta: RequestMeta, db?: Database): Promise<void> {
  assertCanSend(mailer);
  if (!(await signupMailAllowed(input.email))) {
    await recordAuthEvent({ kind: 'organization.create', outcome: 'blocked', email: input.email, ip: meta.ip, userAgent: meta.userAgent, detail: { step: 'link_not_mailed', reason: 'mail_limit' } });
    return;
  }
  const { token: secret, hash } = newSingleUseToken();
  const expiresAt = new Date(Date.now() + SIGNUP_TTL_MS);
  const existing: string | undefined = await withSystem(async (tx) => {
    const user = await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [input.email]);
    await tx.query('INSERT INTO signup_requests (id, email, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [uuidv7(), input.email, hash, expiresAt.toISOString()]);
    return user.rows[0]?.id;
  }, db);
  const link = `${baseUrl.replace(/\/$/, '')}/create-organization/${secret}`;
  await mailer.send(
    existing
      ? {
          to: input.email,
          subject: 'Add an organization to your CRM-AI account',
          text: `Someone asked to create an organization on CRM-AI with this email address, which already has an account.\n\nIf it was you: sign in as ${input.email}, then open this link to add the new organization to your account (it works once, until ${formatUtc(expiresAt)}):\n${link}\n\nIf it was not you, ignore this mail: nothing was changed and no password was asked for.\n`,
        }
      : {
          to: input.email,
          subject: 'Finish creating your organization on CRM-AI',
          text: `Open this link to name your organization and choose your password (it works once, until ${formatUtc(expiresAt)}):\n${link}\n\nIf you did not ask for this, ignore this mail: no account is created without the link.\n`,
        },
  );
  // No userId: the account's organizations need not learn that someone typed its address here.
  await recordAuthEvent({ kind: 'organization.create', outcome: 'success', email: input.email, ip: meta.ip, userAgent: meta.userAgent, detail: { step: 'link_mailed' } });
}

export interface SignupPreview {
  email: string;
  /** The address already has an account: it must be signed in to use the link. */
  existingUser: boolean;
}

/** What an unused, unexpired sign-up link is for; null otherwise (one answer for every failure). */
export async function previewSignup(secret: string, db?: Database): Promise<SignupPreview | null> {
  if (!token.safeParse(secret).success) return null;
  return withSystem(async (tx) => {
    const r = await tx.query<{ email: string; existing: boolean }>(
      `SELECT s.email, EXISTS (SELECT 1 FROM users u WHERE u.email = s.email) AS existing
         FROM signup_requests s WHERE s.token_hash = $1 AND s.used_at IS NULL AND s.expires_at > now()`,
      [hashSingleUseToken(secret)],
    );
    const row = r.rows[0];
    return row ? { email: row.email, existingUser: row.existing } : null;
  }, db);
}

/**
 * Step 2: creates the organization with the link's address as owner, once. A new address gets
 * a user with the chosen name and password; an existing account must be the signed-in user
 * (`signedInUserId`), so a link read by someone else adds nothing to that account. The link
 * is locked and marked used in the same transaction; a refusal leaves it usable.
 * Security: the password is hashed (argon2, deliberately slow) only once the link is known to be
 * valid and for a new account, so requests with made-up tokens cost the server a lookup only.
 */
export async function completeSignup(
  input: CompleteSignupInput,
  signedInUserId: string | null,
  meta: RequestMeta,
  db?: Database,
): Promise<{ tenantId: string; userId: string; email: string; newAccount: boolean }> {
  const invalid = () => new AppError(ErrorCode.NotFound, 'This sign-up link is not valid: it was already used, has expired or was never issued.');
  const missing = () =>
    new AppError(ErrorCode.Validation, 'Enter your name and choose a password.', [
      ...(input.name ? [] : [{ path: 'name', message: 'required' }]),
      ...(input.password ? [] : [{ path: 'password', message: 'required' }]),
    ]);
  // Unlocked look-up first, so the slow hash runs outside the transaction that holds the link.
  const pending = await previewSignup(input.token, db);
  if (!pending) throw invalid();
  let passwordHash: string | undefined;
  if (!pending.existingUser) {
    if (!input.name || !input.password) throw missing();
    passwordHash = await hashPassword(input.password);
  }
  return withSystem(async (tx) => {
    const r = await tx.query<{ id: string; email: string }>(
      'SELECT id, email FROM signup_requests WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() FOR UPDATE',
      [hashSingleUseToken(input.token)],
    );
    const request = r.rows[0];
    // Used by a concurrent request since the look-up.
    if (!request) throw invalid();
    let userId = (await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [request.email])).rows[0]?.id;
    const newAccount = !userId;
    if (userId) {
      if (!signedInUserId) throw new AppError(ErrorCode.Unauthenticated, `Sign in as ${request.email} first: this link adds an organization to that account.`);
      if (signedInUserId !== userId) throw new AppError(ErrorCode.Forbidden, `This link is for ${request.email}: sign out, then sign in as ${request.email} to use it.`);
    } else {
      // Accounts are never deleted, so an address with an account at the look-up still has one.
      if (!input.name || !passwordHash) throw missing();
      userId = uuidv7();
      await tx.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [userId, request.email, input.name, passwordHash]);
    }
    const tenantId = uuidv7();
    await tx.query('INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)', [tenantId, input.organizationName, slugFor(input.organizationName)]);
    await tx.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [tenantId, userId]);
    await tx.query('UPDATE signup_requests SET used_at = now() WHERE id = $1', [request.id]);
    await recordAuthEvent({ kind: 'organization.create', outcome: 'success', userId, tenantId, actorId: userId, email: request.email, ip: meta.ip, userAgent: meta.userAgent, detail: { newAccount } }, tx);
    return { tenantId, userId, email: request.email, newAccount };
  }, db);
}
