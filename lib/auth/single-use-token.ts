import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

// Mailed single-use links (sign-up requests, invites): 32 random bytes in the URL, only their
// SHA-256 stored. Security: a database reader cannot use a pending link, and a token needs no
// slow hash because it is not guessable (256 bits), unlike a password.

/** The token as it appears in a link: 43 base64url characters; `message` names the link kind. */
export function singleUseTokenSchema(message: string) {
  return z.string().regex(/^[A-Za-z0-9_-]{43}$/, message);
}

/** The stored form of a token (hex SHA-256), used to look it up. */
export function hashSingleUseToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh token for a link, and the hash to store. */
export function newSingleUseToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSingleUseToken(token) };
}
