import 'server-only';
import { env } from '../env';
import { AppError, ErrorCode } from '../http/app-error';
import { blockedFor, countFailure, limiter, resetKey, tryConsume } from '../ratelimit/limiter';
import { LIMITS } from './auth-config';

// Brute-force protection for passwords and second-factor codes: a per-account counter (stops
// guessing one account from many IPs) and a per-IP counter (stops spraying many accounts).
const account = () => limiter({ name: 'fail-account', points: LIMITS.accountFailures, windowSeconds: LIMITS.accountWindowSeconds });
const byIp = () => limiter({ name: 'fail-ip', points: LIMITS.ipFailures, windowSeconds: LIMITS.ipWindowSeconds });

export interface AttemptKeys {
  /** Account key: the normalised email for passwords, `code:<userId>` for codes. */
  account: string;
  ip: string;
}

/**
 * The counters every password check of `email` counts on: sign-in, password change and any
 * future check share one account counter, so no path gives a guesser a fresh allowance.
 */
export function passwordAttemptKeys(email: string, ip: string): AttemptKeys {
  return { account: `pw:${email.trim().toLowerCase()}`, ip };
}

/** 429 with Retry-After (seconds). */
export function tooManyAttempts(seconds: number): AppError {
  const minutes = Math.ceil(seconds / 60);
  return new AppError(ErrorCode.RateLimited, `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, {
    'Retry-After': String(seconds),
  });
}

/** Throws a 429 when the account or the IP is locked out. */
export async function assertNotLocked(keys: AttemptKeys): Promise<void> {
  const wait = Math.max(await blockedFor(await account(), keys.account), await blockedFor(await byIp(), keys.ip));
  if (wait > 0) throw tooManyAttempts(wait);
}

/** Counts a failed attempt on both counters; returns seconds locked if this one locked either. */
export async function recordFailedAttempt(keys: AttemptKeys): Promise<number> {
  return Math.max(await countFailure(await account(), keys.account), await countFailure(await byIp(), keys.ip));
}

/** A success clears the account counter (the IP counter keeps counting other accounts). */
export async function recordSuccessfulAttempt(keys: AttemptKeys): Promise<void> {
  await resetKey(await account(), keys.account);
}

/** Throws a 429 when one IP creates too many organizations. */
export async function assertSignupAllowed(ip: string): Promise<void> {
  const l = await limiter({ name: 'signup-ip', points: env().SIGNUPS_PER_IP_PER_HOUR, windowSeconds: LIMITS.signupWindowSeconds });
  const wait = await tryConsume(l, ip);
  if (wait > 0) throw tooManyAttempts(wait);
}

/**
 * False when `email` has had its sign-up mails for this window. The caller still answers as
 * if the mail went out: the answer must not depend on the address (no existence oracle), and
 * a stranger must not be able to flood someone's inbox.
 */
export async function signupMailAllowed(email: string): Promise<boolean> {
  const l = await limiter({ name: 'signup-email', points: LIMITS.signupMailsPerEmail, windowSeconds: LIMITS.signupWindowSeconds });
  return (await tryConsume(l, email)) === 0;
}

/** Throws a 429 when one IP asks for too many password resets (the sign-up allowance per hour). */
export async function assertResetAllowed(ip: string): Promise<void> {
  const l = await limiter({ name: 'reset-ip', points: env().SIGNUPS_PER_IP_PER_HOUR, windowSeconds: LIMITS.signupWindowSeconds });
  const wait = await tryConsume(l, ip);
  if (wait > 0) throw tooManyAttempts(wait);
}

/** False when `email` has had its reset mails for this window; the caller answers as if sent (see signupMailAllowed). */
export async function resetMailAllowed(email: string): Promise<boolean> {
  const l = await limiter({ name: 'reset-email', points: LIMITS.resetMailsPerEmail, windowSeconds: LIMITS.signupWindowSeconds });
  return (await tryConsume(l, email)) === 0;
}
