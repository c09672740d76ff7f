import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Every API key token starts with this, so scanners and people can recognise one. */
export const API_KEY_TOKEN_PREFIX = 'crm_';

/** Characters of the token shown in lists: `crm_` + 8 (48 of its 256 random bits). */
export const API_KEY_PREFIX_LENGTH = API_KEY_TOKEN_PREFIX.length + 8;

/** A token as made here: `crm_` + base64url (no padding) of 32 bytes, 43 characters. */
export const apiKeyTokenSchema = z.string().regex(/^crm_[A-Za-z0-9_-]{43}$/);

/** A new token, its hash (what is stored) and its list prefix. The token itself is never stored. */
export function newApiKeyToken(): { token: string; hash: string; prefix: string } {
  const token = `${API_KEY_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiKeyToken(token), prefix: token.slice(0, API_KEY_PREFIX_LENGTH) };
}

/**
 * The stored form of a token: lowercase hex sha256. Security: the token carries 32 random
 * bytes, so a fast hash is right (nothing to brute-force or precompute, unlike a password);
 * a slow one would only add its cost to every API request.
 */
export function hashApiKeyToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
