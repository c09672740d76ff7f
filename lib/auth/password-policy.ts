import 'server-only';
import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

// NIST SP 800-63B: at least 8 characters (15 recommended), no composition rules, paste
// allowed, and a check against known common passwords. The list ships with the package
// (about 49,000 entries), so no network call is made.
export const PASSWORD_MIN = 8;
export const PASSWORD_RECOMMENDED = 15;
/** Upper bound so argon2 is never asked to hash a megabyte (characters). */
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].filter((p) => p.length >= PASSWORD_MIN).map((p) => p.toLowerCase()));
  return common;
}

/** True when the password is on the shipped list of common passwords (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** A new password: length limits and not a common password. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters (${PASSWORD_RECOMMENDED} or more is better).`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
  .refine((p) => !isCommonPassword(p), 'This password is one of the most common passwords; choose another.');
