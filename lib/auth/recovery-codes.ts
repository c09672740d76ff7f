import 'server-only';
import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// Crockford-style alphabet without look-alikes (0/O, 1/I/L): easy to read off paper.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** Ten fresh recovery codes like `K7QX-M2PA-9TRW` (about 59 bits each). */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const groups = Array.from({ length: GROUPS }, () =>
      Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
    );
    codes.add(groups.join('-'));
  }
  return [...codes];
}

/** Upper-case, without separators or spaces: how a code is compared however it was typed. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** True when the input has the shape of a recovery code (so it is not tried as TOTP). */
export function looksLikeRecoveryCode(code: string): boolean {
  return normaliseRecoveryCode(code).length === GROUPS * GROUP_LENGTH;
}

/**
 * The stored form of a recovery code. Security: SHA-256 without a slow KDF is enough here
 * because the codes are random with ~59 bits of entropy; there is no dictionary to try, and
 * a leaked table cannot be reversed in useful time.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}
