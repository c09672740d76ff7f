import 'server-only';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { mfaPolicyFromSettings, mfaRequiredFor } from '../tenancy/mfa-policy';
import { allowlistFromSettings } from '../tenancy/security-settings';
import type { Plan } from '../ratelimit/api-quota';
import type { Role } from './roles';
import type { SessionClaims } from './session-token';

export interface Membership {
  tenantId: string;
  tenantName: string;
  role: Role;
  /** The tenant's IP allowlist (CIDR ranges); empty allows every address. */
  ipAllowlist: string[];
}

/**
 * Where a live session stands: `ready` may use the app; `needs_enrollment` may only enroll a
 * second factor (its role requires one and it has none); `needs_second_factor` has one and
 * has not passed it in this session.
 */
export type SessionStage = 'ready' | 'needs_enrollment' | 'needs_second_factor';

export interface AuthState {
  claims: SessionClaims;
  user: { id: string; email: string; name: string };
  /** The active tenant, with its plan (rate-limit quotas depend on it). */
  tenant: Membership & { plan: Plan };
  memberships: Membership[];
  mfaRequired: boolean;
  totpEnrolled: boolean;
  stage: SessionStage;
}

/**
 * Checks a decoded token against the database: the user is active, the token's session
 * version is current, the session was not signed out, and the membership of its tenant is
 * active. Null means the token is dead. Runs on every authenticated request, so a revoked
 * session or a removed member stops at once. System access: sessions are cross-tenant.
 */
export async function loadAuthState(claims: SessionClaims, db?: Database): Promise<AuthState | null> {
  return withSystem(async (tx) => {
    const u = await tx.query<{ email: string; name: string; session_version: number; is_active: boolean; revoked: boolean; enrolled: boolean }>(
      `SELECT u.email, u.name, u.session_version, u.is_active,
              EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.sid = $2) AS revoked,
              EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) AS enrolled
         FROM users u WHERE u.id = $1`,
      [claims.sub, claims.sid],
    );
    const user = u.rows[0];
    if (!user || !user.is_active || user.revoked || user.session_version !== claims.sv) return null;
    const m = await tx.query<{ tenant_id: string; name: string; role: Role; settings: unknown; plan: Plan }>(
      `SELECT m.tenant_id, t.name, m.role, t.settings, t.plan
         FROM memberships m JOIN tenants t ON t.id = m.tenant_id
        WHERE m.user_id = $1 AND m.is_active
        ORDER BY t.name`,
      [claims.sub],
    );
    const memberships = m.rows.map((r) => ({ tenantId: r.tenant_id, tenantName: r.name, role: r.role, ipAllowlist: allowlistFromSettings(r.settings) }));
    const current = m.rows.find((r) => r.tenant_id === claims.tid);
    if (!current) return null;
    const mfaRequired = mfaRequiredFor(current.role, mfaPolicyFromSettings(current.settings));
    const stage: SessionStage = claims.mfa ? 'ready' : user.enrolled ? 'needs_second_factor' : mfaRequired ? 'needs_enrollment' : 'ready';
    return {
      claims,
      user: { id: claims.sub, email: user.email, name: user.name },
      tenant: { tenantId: current.tenant_id, tenantName: current.name, role: current.role, plan: current.plan, ipAllowlist: allowlistFromSettings(current.settings) },
      memberships,
      mfaRequired,
      totpEnrolled: user.enrolled,
      stage,
    };
  }, db);
}
