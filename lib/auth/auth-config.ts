import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '../env';

// Tuning constants of sign-in, in one place. Each carries its unit.
export const LIMITS = {
  /** Failed password or code attempts per account before it is locked (count). */
  accountFailures: 5,
  /** Window and lock duration for the per-account counter (seconds). */
  accountWindowSeconds: 15 * 60,
  /** Failed attempts from one IP across all accounts (count). */
  ipFailures: 50,
  /** Window and block duration for the per-IP counter (seconds). */
  ipWindowSeconds: 60 * 60,
  /** Window of the sign-up counter (seconds); the count is SIGNUPS_PER_IP_PER_HOUR. */
  signupWindowSeconds: 60 * 60,
  /** Sign-up mails one address may receive per sign-up window (count): more are not sent, silently. */
  signupMailsPerEmail: 3,
  /** Password reset mails one address may receive per sign-up window (count): more are not sent, silently. */
  resetMailsPerEmail: 3,
} as const;

/** How long an invite link stays valid (milliseconds). */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a mailed password reset link stays valid (milliseconds): short, as it replaces a password. */
export const RESET_TTL_MS = 60 * 60 * 1000;
/** How long a mailed sign-up link (create an organization) stays valid (milliseconds). */
export const SIGNUP_TTL_MS = 24 * 60 * 60 * 1000;
/** A session cookie is re-issued (sliding the idle deadline) when older than this (seconds). */
export const SESSION_REFRESH_SECONDS = 5 * 60;

const DEV_SECRET_FILE = path.join('.data', 'dev-auth-secret');
let secret: string | undefined;

/** The secret next-auth signs and encrypts session tokens with. */
export function authSecret(): string {
  if (secret) return secret;
  const fromEnv = env().AUTH_SECRET ?? env().NEXTAUTH_SECRET;
  if (fromEnv) {
    secret = fromEnv;
    return secret;
  }
  // A developer machine gets a secret generated once into .data/ so `npm start` needs no setup.
  if (!existsSync(DEV_SECRET_FILE)) {
    mkdirSync(path.dirname(DEV_SECRET_FILE), { recursive: true });
    writeFileSync(DEV_SECRET_FILE, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  if (env().NODE_ENV === 'production') {
    console.warn('\n!!! AUTH_SECRET is not set: sessions are signed with a development secret stored in .data/.\n');
  }
  secret = readFileSync(DEV_SECRET_FILE, 'utf8').trim();
  return secret;
}

/** Whether cookies carry `Secure` (https only): COOKIE_SECURE, else on in production behind https. */
export function secureCookies(): boolean {
  const flag = env().COOKIE_SECURE;
  if (flag) return flag === '1';
  return (env().APP_URL ?? '').startsWith('https://');
}

/** Name of the session cookie; `__Host-` pins it to this host and path when Secure. */
export function sessionCookieName(): string {
  return secureCookies() ? '__Host-crm.session' : 'crm.session';
}

/** Idle and absolute session lifetimes in seconds. */
export function sessionLifetimes(): { idle: number; absolute: number } {
  return { idle: env().SESSION_IDLE_MINUTES * 60, absolute: env().SESSION_MAX_HOURS * 3600 };
}
