import 'server-only';
import { notifySessionsChanged } from './session-revocations';
import QRCode from 'qrcode';
import { encryptSecret } from '../crypto/secret-box';
import type { Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { assertNotLocked, recordFailedAttempt, recordSuccessfulAttempt, tooManyAttempts } from './attempt-limits';
import { recordAuthEvent } from './auth-events';
import { consumeTotp, totpContext, verifySecondFactor } from './second-factor';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes';
import type { RequestMeta } from './sign-in';
import { newTotpSecret, totpUri } from './totp';

export const TOTP_ISSUER = 'CRM-AI';

export interface EnrollmentStart {
  /** Base32 secret, shown as text for manual entry. */
  secret: string;
  uri: string;
  /** The QR code as an SVG document. */
  qrSvg: string;
}

/**
 * Starts (or restarts) enrollment: a new secret, sealed with AES-256-GCM, pending until a
 * first code confirms it. Refused when a confirmed factor exists (disable it first).
 */
export async function startEnrollment(userId: string, email: string): Promise<EnrollmentStart> {
  const secret = newTotpSecret();
  const sealed = encryptSecret(secret, totpContext(userId));
  await withSystem(async (tx) => {
    const existing = await tx.query('SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL', [userId]);
    if (existing.rows.length > 0) throw new AppError(ErrorCode.Conflict, 'Two-factor authentication is already set up. Disable it first to set it up again.');
    await tx.query(
      `INSERT INTO user_totp (user_id, secret_enc) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, last_step = 0, created_at = now()`,
      [userId, sealed],
    );
  });
  const uri = totpUri(TOTP_ISSUER, email, secret);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

async function replaceRecoveryCodes(tx: Queryable, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  for (const c of codes) await tx.query('INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)', [userId, hashRecoveryCode(c)]);
  return codes;
}

/**
 * Confirms the pending secret with a first code and returns ten recovery codes, shown once:
 * only their hashes are kept. The code's step is recorded, so it cannot be replayed.
 */
export async function confirmEnrollment(userId: string, code: string, meta: RequestMeta): Promise<string[]> {
  const keys = { account: `code:${userId}`, ip: meta.ip };
  await assertNotLocked(keys);
  const result = await withSystem(async (tx) => {
    const outcome = await consumeTotp(tx, userId, code, false);
    if (outcome === 'none') throw new AppError(ErrorCode.Conflict, 'Start the setup again: there is no pending secret.');
    if (outcome !== 'ok') return null;
    await tx.query('UPDATE user_totp SET confirmed_at = now() WHERE user_id = $1', [userId]);
    await notifySessionsChanged(tx, userId);
    const codes = await replaceRecoveryCodes(tx, userId);
    await recordAuthEvent({ kind: 'totp.enroll', outcome: 'success', userId, ip: meta.ip, userAgent: meta.userAgent }, tx);
    return codes;
  });
  if (!result) {
    const locked = await recordFailedAttempt(keys);
    await recordAuthEvent({ kind: 'totp.enroll', outcome: 'failure', userId, ip: meta.ip, userAgent: meta.userAgent });
    if (locked > 0) throw tooManyAttempts(locked);
    throw new AppError(ErrorCode.Validation, 'That code is not right. Enter the code your app shows now.', [{ path: 'code', message: 'wrong code' }]);
  }
  await recordSuccessfulAttempt(keys);
  return result;
}

/** New recovery codes (the old ones stop working); needs a fresh authenticator code. */
export async function regenerateRecoveryCodes(userId: string, code: string, meta: RequestMeta): Promise<string[]> {
  await verifySecondFactor(userId, code, meta, false);
  return withSystem(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, userId);
    await recordAuthEvent({ kind: 'totp.recovery_regenerate', outcome: 'success', userId, ip: meta.ip, userAgent: meta.userAgent }, tx);
    return codes;
  });
}

/** Removes the second factor and its recovery codes; needs a fresh authenticator code. */
export async function disableTotp(userId: string, code: string, meta: RequestMeta): Promise<void> {
  await verifySecondFactor(userId, code, meta, false);
  await withSystem(async (tx) => {
    await tx.query('DELETE FROM user_totp WHERE user_id = $1', [userId]);
    await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    await notifySessionsChanged(tx, userId);
    await recordAuthEvent({ kind: 'totp.disable', outcome: 'success', userId, ip: meta.ip, userAgent: meta.userAgent }, tx);
  });
}

/** How many unused recovery codes a user has left. */
export async function remainingRecoveryCodes(userId: string): Promise<number> {
  return withSystem(async (tx) => {
    const r = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL', [userId]);
    return r.rows[0]?.n ?? 0;
  });
}
