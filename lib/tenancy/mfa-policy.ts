// Shared with the browser (the settings form shows what the server enforces): which roles
// of a tenant must pass a second factor.
import { z } from 'zod';
import { ALWAYS_MFA, ROLES, type Role } from '../auth/roles';

/** Roles a tenant may choose to add to the always-required owner and admin. */
export const OPTIONAL_MFA_ROLES = ROLES.filter((r) => !ALWAYS_MFA.includes(r));

export const mfaPolicySchema = z.object({
  mfaRequiredRoles: z.array(z.enum(OPTIONAL_MFA_ROLES as [Role, ...Role[]])).max(ROLES.length),
});
export type MfaPolicy = z.infer<typeof mfaPolicySchema>;

/** Reads the policy out of tenants.settings, ignoring anything malformed. */
export function mfaPolicyFromSettings(settings: unknown): MfaPolicy {
  const raw = (settings && typeof settings === 'object' ? (settings as Record<string, unknown>).mfaRequiredRoles : undefined) ?? [];
  const parsed = mfaPolicySchema.safeParse({ mfaRequiredRoles: raw });
  return parsed.success ? parsed.data : { mfaRequiredRoles: [] };
}

/** Must someone with `role` in a tenant with this policy use a second factor? Owners and admins always. */
export function mfaRequiredFor(role: Role, policy: MfaPolicy): boolean {
  return ALWAYS_MFA.includes(role) || policy.mfaRequiredRoles.includes(role);
}
