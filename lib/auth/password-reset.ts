import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database, Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { assertCanSend, type Mailer } from '../mail/mailer';
import { passwordAttemptKeys, recordSuccessfulAttempt, resetMailAllowed } from './attempt-limits';
import { RESET_TTL_MS } from './auth-config';
import { recordAuthEvent } from './auth-events';
import { hashPassword } from './password';
import { newPasswordSchema } from './password-policy';
import { bumpSessionVersion } from './sessions';
import type { RequestMeta } from './sign-in';
import { hashSingleUseToken, newSingleUseToken, singleUseTokenSchema } from './single-use-token';
import { formatUtc } from '../design/dates';

// Password reset by mailed link (issue 18, item 3), in two steps like sign-up
// (lib/tenancy/create-organization.ts):
// 1. requestPasswordReset: an email address only. The answer is the same whether or not the
//    address has an account, and so is the work, so the time taken tells nothing either: one
//    look-up, one row written (with no user for an unknown address), one mail, one auth event
//    that names no account (like sign-up's: the account's organizations hear of the reset
//    itself, not of every request). An active account's address gets a single-use link valid
//    for an hour; any other address is told that it has no account here, so a person who
//    mistyped learns it and a stranger learns nothing.
// 2. completePasswordReset, from the link: a new password. It ends every session of the
//    account (a thief signed in with the old password is signed out), marks every pending
//    link of the account used, clears the account's failed-attempt lock (the mailbox proved
//    who this is), and is audited in each of the person's organizations. The second factor is
//    untouched: an account with two-factor still needs its code to sign in.

const email = z.string().trim().toLowerCase().pipe(z.email('Enter an email address.'));
const token = singleUseTokenSchema('This is not a password reset link.');

export const requestPasswordResetSchema = z.object({ email });
export const completePasswordResetSchema = z.object({ token, password: newPasswordSchema });

/** What the request step answers for every address, so the answer tells nothing. */
export const RESET_MAILED_MESSAGE = 'Check your email. If this address has an account, the mail holds a link to choose a new password; it works once, for one hour.';

const minutes = (ms: number) => Math.round(ms / 60_000);

/** Step 1: mails a reset link to an active account's address, and a "no account" note to any other. */
export async function requestPasswordReset(input: z.infer<typeof requestPasswordResetSchema>, baseUrl: string, mailer: Mailer, meta: RequestMeta, db?: Database): Promise<void> {
  assertCanSend(mailer);
  if (!(await resetMailAllowed(input.email))) {
    await recordAuthEvent({ kind: 'password.reset', outcome: 'blocked', email: input.email, ip: meta.ip, userAgent: meta.userAgent, detail: { step: 'link_not_mailed', reason: 'mail_limit' } });
    return;
  }
  const { token: secret, hash } = newSingleUseToken();
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  const userId = await withSystem(async (tx) => {
    const user = (await tx.query<{ id: string }>('SELECT id FROM users WHERE email = $1 AND is_active', [input.email])).rows[0];
    // Written for an unknown address too (no user: it can never be used), so both paths commit a write.
    await tx.query('INSERT INTO password_resets (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)', [uuidv7(), user?.id ?? null, hash, expiresAt.toISOString()]);
    return user?.id ?? null;
  }, db);
  const link = `${baseUrl.replace(/\/$/, '')}/reset-password/${secret}`;
  await mailer.send(
    userId
      ? {
          to: input.email,
          subject: 'Choose a new CRM-AI password',
          text: `Someone asked to reset the password of the CRM-AI account ${input.email}.\n\nIf it was you, open this link to choose a new password (it works once, for ${minutes(RESET_TTL_MS)} minutes, until ${formatUtc(expiresAt)}):\n${link}\n\nChoosing a new password signs the account out everywhere. If you use two-factor authentication, you still need your code to sign in.\n\nIf it was not you, ignore this mail: your password stays as it is.\n`,
        }
      : {
          to: input.email,
          subject: 'CRM-AI password reset',
          text: `Someone asked to reset the password of a CRM-AI account with this address, but no active account uses it.\n\nIf it was you, you may have signed up with another address, or your organization may have deactivated your account: ask its admin. If it was not you, ignore this mail.\n`,
        },
  );
  // No userId, whichever the address: naming the account would add its organizations' audit
  // writes to this path only (a timing oracle). The email and the step are kept in auth_events.
  await recordAuthEvent({ kind: 'password.reset', outcome: 'success', email: input.email, ip: meta.ip, userAgent: meta.userAgent, detail: { step: userId ? 'link_mailed' : 'no_account_mailed' } });
}

/** Marks every pending reset link of the account used: after a reset or a password change, an older mail must not set it again. */
export async function voidPasswordResets(userId: string, tx: Queryable): Promise<void> {
  await tx.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId]);
}

/** The address an unused, unexpired reset link is for; null otherwise (one answer for every failure). */
export async function previewPasswordReset(secret: string, db?: Database): Promise<{ email: string } | null> {
  if (!token.safeParse(secret).success) return null;
  return withSystem(async (tx) => {
    const r = await tx.query<{ email: string }>(
      `SELECT u.email FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() AND u.is_active`,
      [hashSingleUseToken(secret)],
    );
    return r.rows[0] ?? null;
  }, db);
}

/**
 * Step 2: sets the new password, once. The link is locked and marked used in the same
 * transaction as the password and the session version; a refusal leaves it usable.
 * Security: the slow hash runs only once the link is known to be valid, so made-up tokens cost
 * the server a look-up only.
 */
export async function completePasswordReset(input: z.infer<typeof completePasswordResetSchema>, meta: RequestMeta, db?: Database): Promise<{ email: string }> {
  const invalid = () => new AppError(ErrorCode.NotFound, 'This password reset link is not valid: it was already used, has expired or was never issued. Ask for a new one.');
  // Unlocked look-up first, so the slow hash runs outside the transaction that holds the link.
  if (!(await previewPasswordReset(input.token, db))) throw invalid();
  const passwordHash = await hashPassword(input.password);
  const reset = await withSystem(async (tx) => {
    // The account first: two links of one account completed at once wait here for each other,
    // instead of each locking its own link and then deadlocking on the other's.
    await tx.query('SELECT 1 FROM users WHERE id = (SELECT user_id FROM password_resets WHERE token_hash = $1) FOR UPDATE', [hashSingleUseToken(input.token)]);
    const r = await tx.query<{ user_id: string; email: string }>(
      `SELECT r.user_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() AND u.is_active
        FOR UPDATE OF r`,
      [hashSingleUseToken(input.token)],
    );
    const row = r.rows[0];
    // Used by a concurrent request since the look-up.
    if (!row) throw invalid();
    await tx.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [row.user_id, passwordHash]);
    await voidPasswordResets(row.user_id, tx);
    await bumpSessionVersion(row.user_id, tx);
    await recordAuthEvent({ kind: 'password.reset', outcome: 'success', userId: row.user_id, ip: meta.ip, userAgent: meta.userAgent, detail: { step: 'password_set', sessionsEnded: true } }, tx);
    return row;
  }, db);
  await recordSuccessfulAttempt(passwordAttemptKeys(reset.email, meta.ip));
  return { email: reset.email };
}
