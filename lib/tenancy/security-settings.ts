// Shared with the browser (the settings forms validate with it): a tenant's network
// allowlist and audit retention, both kept in tenants.settings.
import { z } from 'zod';
import { auditDaysFromSettings, auditDaysSchema } from '../retention/retention-policy';
import { allowlistSchema } from '../security/ip-allowlist';

export const ipAllowlistInput = z.object({ ranges: allowlistSchema });
export type IpAllowlistInput = z.infer<typeof ipAllowlistInput>;

/** Shortest and longest audit retention a tenant may choose, in days (defined with the retention policy). */
export { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from '../retention/retention-policy';

/**
 * `days: null` keeps audit entries forever (the default). The same field as the retention
 * policy's `auditDays` (lib/retention/retention-policy.ts), so both routes obey one rule.
 */
export const auditRetentionInput = z.object({ days: auditDaysSchema });
export type AuditRetentionInput = z.infer<typeof auditRetentionInput>;

function field(settings: unknown, key: string): unknown {
  return settings && typeof settings === 'object' ? (settings as Record<string, unknown>)[key] : undefined;
}

/**
 * The allowlist stored in tenants.settings (written only through ipAllowlistInput). No list
 * saved means every address is allowed. Security: an unparsable stored entry matches nothing
 * (isAllowed skips it), so a damaged list fails closed rather than open.
 */
export function allowlistFromSettings(settings: unknown): string[] {
  const raw = field(settings, 'ipAllowlist');
  return Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : [];
}

/** The audit retention in days stored in tenants.settings, or null (keep forever). */
export function retentionFromSettings(settings: unknown): number | null {
  return auditDaysFromSettings(settings);
}
