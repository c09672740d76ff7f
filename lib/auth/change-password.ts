import 'server-only';
import { z } from 'zod';
import { withSystem } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { assertNotLocked, passwordAttemptKeys, recordFailedAttempt, recordSuccessfulAttempt, tooManyAttempts } from './attempt-limits';
import { recordAuthEvent } from './auth-events';
import { hashPassword, verifyPassword } from './password';
import { newPasswordSchema, PASSWORD_MAX } from './password-policy';
import { voidPasswordResets } from './password-reset';
import { bumpSessionVersion } from './sessions';
import type { RequestMeta } from './sign-in';

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(PASSWORD_MAX),
  newPassword: newPasswordSchema,
});

/**
 * Changes a password after checking the current one, signs out every other session (returns
 * the new session version for the caller's own cookie) and voids pending reset links.
 */
export async function changePassword(userId: string, input: z.infer<typeof changePasswordSchema>, meta: RequestMeta): Promise<number> {
  const row = await withSystem(async (tx) => (await tx.query<{ email: string; password_hash: string | null }>('SELECT email, password_hash FROM users WHERE id = $1', [userId])).rows[0]);
  if (!row) throw new AppError(ErrorCode.Unauthenticated, 'Sign in to continue.');
  // Security: the same account counter as sign-in, so a stolen session cannot add guesses of
  // the password on top of the sign-in page's allowance (and a locked account stays locked here).
  const keys = passwordAttemptKeys(row.email, meta.ip);
  await assertNotLocked(keys);
  if (!row.password_hash || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    const locked = await recordFailedAttempt(keys);
    await recordAuthEvent({ kind: 'password.change', outcome: 'failure', userId, ip: meta.ip, userAgent: meta.userAgent });
    if (locked > 0) throw tooManyAttempts(locked);
    throw new AppError(ErrorCode.Validation, 'Your current password is not right.', [{ path: 'currentPassword', message: 'wrong password' }]);
  }
  await recordSuccessfulAttempt(keys);
  const hash = await hashPassword(input.newPassword);
  return withSystem(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [userId, hash]);
    await voidPasswordResets(userId, tx);
    const sv = await bumpSessionVersion(userId, tx);
    await recordAuthEvent({ kind: 'password.change', outcome: 'success', userId, ip: meta.ip, userAgent: meta.userAgent }, tx);
    return sv;
  });
}
