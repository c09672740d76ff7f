// Every action name the audit log may hold, as one typed list. audit_log has a CHECK on the
// name (migration 0006: `^[a-z_]+\.[a-z_.]+$`, no digits); a name outside that pattern makes
// the whole transaction fail with a 500 (the reset-2FA action `auth.member.reset_2fa` did, on
// every call). audit-actions.test.ts writes each name below into a real audit_log, so a name
// the database refuses cannot be added without a failing test.

/** Kinds of auth events (auth_events.kind); each reaches the audit log as `auth.<kind>`. */
export const AUTH_EVENT_KINDS = [
  'sign_in.password',
  'sign_in.second_factor',
  'sign_in.recovery_code',
  'sign_out',
  'sessions.revoke_others',
  'password.change',
  'password.reset',
  'totp.enroll',
  'totp.disable',
  'totp.recovery_regenerate',
  'organization.create',
  'tenant.switch',
  'invite.create',
  'invite.accept',
  'member.role_change',
  'member.deactivate',
  'member.reactivate',
  'member.team_change',
  'member.territory_change',
  'member.reset_second_factor',
  'settings.mfa_policy',
] as const;
export type AuthEventKind = (typeof AUTH_EVENT_KINDS)[number];

/** Actions written directly (not through recordAuthEvent). */
export const DIRECT_AUDIT_ACTIONS = [
  'record.create',
  'record.update',
  'record.delete',
  'audit.export',
  'audit.verify',
  'audit.retention',
  'audit.head_signed',
  'settings.ip_allowlist',
  'settings.audit_retention',
  'settings.sync_scope',
  'settings.retention',
  'retention.enforce',
  'workflow.switch',
  'workflow.archive',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.rotate_secret',
  'webhook.redeliver',
  'api_key.create',
  'api_key.revoke',
  'api_key.rotate',
  'privacy.export',
  'privacy.erase',
] as const;

export type AuditAction = (typeof DIRECT_AUDIT_ACTIONS)[number] | `auth.${AuthEventKind}`;

/** Every action name, for the test and for filters that list them. */
export const AUDIT_ACTIONS: readonly AuditAction[] = [...DIRECT_AUDIT_ACTIONS, ...AUTH_EVENT_KINDS.map((k) => `auth.${k}` as const)];

/** The same pattern as audit_log's CHECK constraint (migration 0006). */
export const AUDIT_ACTION_PATTERN = /^[a-z_]+\.[a-z_.]+$/;
