import 'server-only';
import { z } from 'zod';
import { safeText } from '@/sync/schema/safe-values';
import { decryptSecret } from '../crypto/secret-box';
import type { Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { assertNotLocked, recordFailedAttempt, recordSuccessfulAttempt, tooManyAttempts } from './attempt-limits';
import { recordAuthEvent } from './auth-events';
import { hashRecoveryCode, looksLikeRecoveryCode } from './recovery-codes';
import type { RequestMeta } from './sign-in';
import { checkTotp } from './totp';

export const codeSchema = z.object({
  code: safeText().trim().min(6, 'Enter the 6-digit code or a recovery code.').max(40, 'That is too long for a code.'),
});

/** Context string the TOTP secret is sealed under: a secret copied to another user's row does not decrypt. */
export const totpContext = (userId: string) => `totp:${userId}`;

/**
 * Verifies a TOTP code against the confirmed secret and moves `last_step` forward in the
 * same statement that checks it, so two requests racing with one code cannot both win.
 */
export async function consumeTotp(tx: Queryable, userId: string, code: string, confirmed = true): Promise<'ok' | 'invalid' | 'replayed' | 'none'> {
  const r = await tx.query<{ secret_enc: string; last_step: number }>(
    `SELECT secret_enc, last_step FROM user_totp WHERE user_id = $1 AND (confirmed_at IS NOT NULL) = $2 FOR UPDATE`,
    [userId, confirmed],
  );
  const row = r.rows[0];
  if (!row) return 'none';
  const check = await checkTotp(decryptSecret(row.secret_enc, totpContext(userId)), code, Number(row.last_step));
  if (!check.ok) return check.reason;
  const moved = await tx.query('UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2', [userId, check.step]);
  return moved.rowCount === 1 ? 'ok' : 'replayed';
}

/** Marks one unused recovery code as used; false when there is no such unused code. */
async function consumeRecoveryCode(tx: Queryable, userId: string, code: string): Promise<boolean> {
  const r = await tx.query('UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL', [userId, hashRecoveryCode(code)]);
  return r.rowCount === 1;
}

/**
 * Checks a second-factor code (TOTP, or a recovery code when it has that shape) for a user,
 * with per-account and per-IP lockout. Throws 422 for a wrong code and 429 when locked.
 * `allowRecovery` is false where a fresh authenticator code is required (disable, regenerate).
 */
export async function verifySecondFactor(userId: string, code: string, meta: RequestMeta, allowRecovery = true): Promise<'totp' | 'recovery'> {
  const keys = { account: `code:${userId}`, ip: meta.ip };
  await assertNotLocked(keys);
  const recovery = allowRecovery && looksLikeRecoveryCode(code);
  const outcome = await withSystem(async (tx) => (recovery ? ((await consumeRecoveryCode(tx, userId, code)) ? 'ok' : 'invalid') : consumeTotp(tx, userId, code)));
  const kind = recovery ? 'sign_in.recovery_code' : 'sign_in.second_factor';
  if (outcome !== 'ok') {
    const locked = await recordFailedAttempt(keys);
    await recordAuthEvent({ kind, outcome: 'failure', userId, ip: meta.ip, userAgent: meta.userAgent, detail: { reason: outcome, locked: locked > 0 } });
    if (locked > 0) throw tooManyAttempts(locked);
    throw new AppError(ErrorCode.Validation, 'That code is not right. Check your authenticator app and try again.', [{ path: 'code', message: 'wrong code' }]);
  }
  await recordSuccessfulAttempt(keys);
  await recordAuthEvent({ kind, outcome: 'success', userId, ip: meta.ip, userAgent: meta.userAgent });
  return recovery ? 'recovery' : 'totp';
}
