// Shared with the browser (the UI hides what the server would refuse): the one place that
// says what each role may do. Route handlers and sync call these; nothing else decides.

export const ROLES = ['owner', 'admin', 'manager', 'rep', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'records:read': ['owner', 'admin', 'manager', 'rep', 'auditor'],
  'records:create': ['owner', 'admin', 'manager', 'rep'],
  /** Edit or delete any record; reps are limited to their own (see canWriteRecord). */
  'records:write-any': ['owner', 'admin', 'manager'],
  'records:write-own': ['owner', 'admin', 'manager', 'rep'],
  'records:export': ['owner', 'admin', 'manager'],
  /** Search the whole organization online, beyond what the phone's sync scope holds. */
  'records:search-online': ['owner', 'admin', 'manager'],
  'pipelines:write': ['owner', 'admin'],
  'members:manage': ['owner', 'admin'],
  'settings:manage': ['owner', 'admin'],
  'workflows:manage': ['owner', 'admin'],
  'audit:read': ['owner', 'admin', 'auditor'],
  /**
   * Sign the audit chain's head on demand: a write (a head row and an audit entry), so it is
   * named apart from reading. Auditors keep it: a signature changes no data, it attests what is
   * there, and the auditor is who needs a fresh anchor just before exporting the heads.
   */
  'audit:sign': ['owner', 'admin', 'auditor'],
  'health:read': ['owner', 'admin'],
  /** Outgoing webhooks: subscriptions send the organization's records to a URL of their choosing. */
  'webhooks:manage': ['owner', 'admin'],
  /**
   * Make, rotate and revoke the organization's API keys. A key acts as its maker and stops
   * working once they lose this permission (lib/api-keys/authenticate-api-key.ts).
   */
  'api-keys:manage': ['owner', 'admin'],
  /**
   * Privacy requests (GDPR articles 15, 17, 20): export everything held about a contact, or erase
   * it everywhere. An erasure cannot be undone, so it stays with the roles that hold a second factor.
   */
  'privacy:manage': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** May `role` do `permission`? */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles that must pass a second factor whatever the tenant setting says. */
export const ALWAYS_MFA: readonly Role[] = ['owner', 'admin'];

/**
 * May this user change (or delete) a record owned by `ownerId`? Owners, admins and managers
 * may change any record; reps only records they own or that nobody owns yet.
 */
export function canWriteRecord(actor: { userId: string; role: Role }, ownerId: string | null | undefined): boolean {
  if (can(actor.role, 'records:write-any')) return true;
  if (!can(actor.role, 'records:write-own')) return false;
  return ownerId == null || ownerId === actor.userId;
}
