import 'server-only';
import { generate, generateSecret, generateURI, verify } from 'otplib';

// RFC 6238 TOTP with the parameters every authenticator app understands: SHA-1, 6 digits,
// 30-second steps, 20-byte (160-bit) secrets.
export const TOTP_PERIOD_SECONDS = 30;
/** Accepted clock drift: one step before or after the current one (seconds). */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

/** A new base32 TOTP secret (160 bits). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app scans from the QR code. */
export function totpUri(issuer: string, account: string, secret: string): string {
  return generateURI({ issuer, label: account, secret });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

/** Normalises what a person typed or pasted: spaces and dashes are allowed between digits. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/**
 * Checks a 6-digit code within ±1 step of `nowSeconds`. A code whose step is at or before
 * `lastStep` (the step of the last code accepted for this user) is refused as a replay; on
 * success the caller must store the returned step before accepting the sign-in.
 */
export async function checkTotp(secret: string, code: string, lastStep: number, nowSeconds = Date.now() / 1000): Promise<TotpCheck> {
  const token = normaliseCode(code);
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'invalid' };
  const epoch = Math.floor(nowSeconds);
  const result = await verify({ secret, token, epoch, epochTolerance: TOLERANCE_SECONDS });
  if (!result.valid) return { ok: false, reason: 'invalid' };
  // The functional API's result type is shared with HOTP; TOTP results carry timeStep.
  const step = 'timeStep' in result ? Number(result.timeStep) : Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta;
  // Security: the step check is ours (not otplib's afterTimeStep) so that a replay is told
  // apart from a wrong code in the audit record; the outcome for the caller is the same.
  if (step <= lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

/** The code for a given time (tests and the e2e helper compute codes the way an app would). */
export function totpCodeAt(secret: string, nowSeconds: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowSeconds) });
}
