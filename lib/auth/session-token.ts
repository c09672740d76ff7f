import 'server-only';
import { decode, encode } from 'next-auth/jwt';
import { z } from 'zod';
import { authSecret, secureCookies, sessionCookieName, sessionLifetimes } from './auth-config';

// What a session cookie says. next-auth encrypts and signs it (JWE, A256GCM); the server
// still checks it against the database on every request (session version, denylist,
// membership), so a token is never trusted on its own.
export const sessionClaimsSchema = z.object({
  sub: z.uuid(),
  /** Session id: the denylist key when this session signs out. */
  sid: z.uuid(),
  /** users.session_version when issued; bumping it kills every older token of the user. */
  sv: z.number().int().min(0),
  /** Current tenant. */
  tid: z.uuid(),
  /** The second factor was passed in this session. */
  mfa: z.boolean(),
  /** Sign-in time (seconds): the absolute lifetime counts from here. */
  auth: z.number().int(),
  iat: z.number().int().optional(),
  exp: z.number().int().optional(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;
export type SessionFields = Omit<SessionClaims, 'iat' | 'exp'>;

/** Cookie options of the session cookie: http-only, SameSite=Lax, Secure when served over https. */
export function sessionCookieOptions(maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookies(), maxAge: maxAgeSeconds };
}

/** Seconds this token may still live: the idle lifetime, capped by the absolute one. */
export function remainingLifetime(fields: Pick<SessionFields, 'auth'>, nowSeconds: number): number {
  const { idle, absolute } = sessionLifetimes();
  return Math.max(0, Math.min(idle, fields.auth + absolute - nowSeconds));
}

/**
 * Why a decoded token is no longer alive, or null when it is. The idle deadline is the
 * token's `exp` (each re-issue slides it); the absolute one counts from sign-in.
 */
export function lifetimeProblem(claims: SessionClaims, nowSeconds: number): 'idle' | 'absolute' | null {
  const { absolute } = sessionLifetimes();
  if (nowSeconds >= claims.auth + absolute) return 'absolute';
  if (claims.exp !== undefined && nowSeconds >= claims.exp) return 'idle';
  return null;
}

/** Encrypts session fields into a cookie value and the Set-Cookie attributes to send with it. */
export async function mintSessionCookie(fields: SessionFields, nowSeconds = Math.floor(Date.now() / 1000)) {
  const maxAge = remainingLifetime(fields, nowSeconds);
  const value = await encode({ token: { ...fields }, secret: authSecret(), maxAge });
  return { name: sessionCookieName(), value, options: sessionCookieOptions(maxAge) };
}

/** A Set-Cookie that removes the session cookie. */
export function clearedSessionCookie() {
  return { name: sessionCookieName(), value: '', options: sessionCookieOptions(0) };
}

/** Tokens decoded lately (value → claims), so a device's next request skips the key derivation and decryption. */
const decodedTokens = new Map<string, SessionClaims>();
let decodedWith = '';
// Every device's token: one instance holds 10,000 live streams and more (a few hundred bytes each).
const MAX_DECODED_TOKENS = 50_000;

/** Decodes a cookie value; null when it is missing, forged, expired or malformed. */
export async function readSessionCookie(value: string | undefined, nowSeconds = Math.floor(Date.now() / 1000)): Promise<SessionClaims | null> {
  if (!value) return null;
  // A token's content never changes, only whether it is still alive: the lifetime is
  // checked on every read. Only tokens that decoded are kept, so junk cannot fill this, and
  // only under the secret they decoded with.
  const secret = authSecret();
  if (secret !== decodedWith) {
    decodedTokens.clear();
    decodedWith = secret;
  }
  let claims = decodedTokens.get(value);
  if (!claims) {
    let raw: unknown;
    try {
      raw = await decode({ token: value, secret });
    } catch {
      return null;
    }
    const parsed = sessionClaimsSchema.safeParse(raw);
    if (!parsed.success) return null;
    claims = parsed.data;
    if (decodedTokens.size >= MAX_DECODED_TOKENS) decodedTokens.delete(decodedTokens.keys().next().value!);
    decodedTokens.set(value, claims);
  }
  return lifetimeProblem(claims, nowSeconds) ? null : claims;
}
