import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { isAllowed } from '../security/ip-allowlist';
import { assertIpAllowed } from '../security/enforce-allowlist';
import { allowlistFromSettings } from '../tenancy/security-settings';
import { assertNotLocked, passwordAttemptKeys, recordFailedAttempt, recordSuccessfulAttempt } from './attempt-limits';
import { recordAuthEvent } from './auth-events';
import { hashPassword, verifyPassword } from './password';
import { PASSWORD_MAX } from './password-policy';
import type { SessionFields } from './session-token';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter an email address.')),
  // Existing passwords are checked as typed: no policy here (the policy applies when setting one).
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export interface RequestMeta {
  ip: string;
  userAgent?: string;
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks email and password. Returns the new session's fields, or null for any failure
 * (unknown email, wrong password, deactivated user, no active membership) so the caller can
 * answer with one generic message. Throws a 429 AppError when the account or IP is locked, and
 * a 403 `ip_not_allowed` AppError when the password is right but no organization of the user
 * admits the client address.
 */
export async function signInWithPassword(input: Credentials, meta: RequestMeta, db?: Database): Promise<SessionFields | null> {
  const keys = passwordAttemptKeys(input.email, meta.ip);
  await assertNotLocked(keys);
  const row = await withSystem(async (tx) => {
    const r = await tx.query<{ id: string; password_hash: string | null; is_active: boolean; session_version: number; tenants: { id: string; settings: unknown }[] | null }>(
      `SELECT u.id, u.password_hash, u.is_active, u.session_version,
              (SELECT jsonb_agg(jsonb_build_object('id', m.tenant_id, 'settings', t.settings) ORDER BY m.created_at, t.name)
                 FROM memberships m JOIN tenants t ON t.id = m.tenant_id
                WHERE m.user_id = u.id AND m.is_active) AS tenants
         FROM users u WHERE u.email = $1`,
      [input.email],
    );
    return r.rows[0];
  }, db);
  // Security: an unknown email still costs one argon2 verification, so response time does
  // not tell which emails have accounts.
  dummyHash ??= hashPassword('timing-equaliser-not-a-password');
  const passwordOk = await verifyPassword(row?.password_hash ?? (await dummyHash), input.password);
  const memberOf = row?.tenants ?? [];
  // The session starts in the first organization whose IP allowlist admits this address.
  const tenantId = memberOf.find((t) => isAllowed(meta.ip, allowlistFromSettings(t.settings)))?.id ?? null;
  const ok = Boolean(row && row.password_hash && passwordOk && row.is_active && tenantId);
  if (!ok || !row || !tenantId) {
    const ipBlocked = Boolean(row && row.password_hash && passwordOk && row.is_active && memberOf.length > 0);
    const locked = await recordFailedAttempt(keys);
    const reason = !row ? 'unknown_email' : !passwordOk ? 'wrong_password' : !row.is_active ? 'inactive' : ipBlocked ? 'ip_not_allowed' : 'no_membership';
    await recordAuthEvent(
      {
        kind: 'sign_in.password',
        outcome: ipBlocked ? 'blocked' : 'failure',
        userId: row?.id,
        // Recorded in the audit log of the first organization that refused the address.
        tenantId: ipBlocked ? memberOf[0]!.id : undefined,
        email: input.email,
        ip: meta.ip,
        userAgent: meta.userAgent,
        detail: { reason, locked: locked > 0 },
      },
      undefined,
    );
    // Only after the right password: the caller learns why, never for a wrong one.
    if (ipBlocked) assertIpAllowed(meta.ip, allowlistFromSettings(memberOf[0]!.settings), 'sign_in');
    return null;
  }
  await recordSuccessfulAttempt(keys);
  await recordAuthEvent({ kind: 'sign_in.password', outcome: 'success', userId: row.id, tenantId, email: input.email, ip: meta.ip, userAgent: meta.userAgent });
  return { sub: row.id, sid: uuidv7(), sv: row.session_version, tid: tenantId, mfa: false, auth: Math.floor(Date.now() / 1000) };
}
