import 'server-only';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '../env';
import { AppError, ErrorCode } from '../http/app-error';
import { clientIp } from '../http/client-ip';
import { authSecret, secureCookies, sessionCookieName, sessionLifetimes } from './auth-config';
import { recordAuthEvent } from './auth-events';
import { revokeSession } from './sessions';
import { sessionClaimsSchema, sessionCookieOptions, type SessionFields } from './session-token';
import { credentialsSchema, signInWithPassword } from './sign-in';

/** Provider id of the email + password step (the second factor is a separate step, see second-factor.ts). */
export const PASSWORD_PROVIDER = 'password';

/** The `error` next-auth reports when an allowlist refused a correct sign-in (components/auth/api.ts reads it). */
export const SIGN_IN_IP_NOT_ALLOWED = 'ip_not_allowed';

function headerBag(headers: unknown): Headers {
  const h = new Headers();
  if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) if (typeof v === 'string') h.set(k, v);
  }
  return h;
}

/**
 * next-auth configuration: a credentials provider checks email + password and starts a JWT
 * session whose claims are ours (sessionClaimsSchema). Built per call because the secret is
 * read at run time, never at build time.
 */
export function authOptions(): AuthOptions {
  const { idle } = sessionLifetimes();
  // next-auth builds its redirect URLs from NEXTAUTH_URL; ours is APP_URL (one variable, not two).
  if (env().APP_URL) process.env.NEXTAUTH_URL ??= env().APP_URL;
  return {
    secret: authSecret(),
    // Same rule as our own cookies: next-auth's CSRF cookie becomes __Host- when served over https.
    useSecureCookies: secureCookies(),
    session: { strategy: 'jwt', maxAge: idle, updateAge: 0 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    cookies: {
      sessionToken: { name: sessionCookieName(), options: sessionCookieOptions(idle) },
    },
    providers: [
      CredentialsProvider({
        id: PASSWORD_PROVIDER,
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          const headers = headerBag(req?.headers);
          try {
            const fields = await signInWithPassword(parsed.data, { ip: clientIp(headers), userAgent: headers.get('user-agent') ?? undefined });
            return fields ? { id: fields.sub, session: fields } : null;
          } catch (err) {
            // Locked out: the route wrapper answers 429 before we get here; a lock that
            // starts in between is still a refusal. Anything else is a real fault.
            // An IP allowlist refusal (after a correct password) travels to the client as
            // next-auth's `error` parameter, so the form can say what is wrong.
            if (err instanceof AppError && err.code === ErrorCode.IpNotAllowed) throw new Error(SIGN_IN_IP_NOT_ALLOWED);
            if (err instanceof AppError) return null;
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        // On sign-in `user` is what authorize returned; the token becomes exactly our claims.
        const fresh = (user as { session?: SessionFields } | undefined)?.session;
        if (fresh) return { ...fresh };
        return token;
      },
      async session({ session, token }) {
        const claims = sessionClaimsSchema.safeParse(token);
        return { expires: session.expires, user: claims.success ? { id: claims.data.sub } : undefined } as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        const claims = sessionClaimsSchema.safeParse(token);
        if (!claims.success) return;
        // Security: the cookie is cleared by next-auth, but a copy of the token must die too.
        await revokeSession(claims.data.sid, claims.data.sub, claims.data.auth + sessionLifetimes().absolute);
        await recordAuthEvent({ kind: 'sign_out', outcome: 'success', userId: claims.data.sub, tenantId: claims.data.tid });
      },
    },
  };
}
