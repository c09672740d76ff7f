// Shared with the browser (the settings forms validate with it): a tenant's network
// allowlist and audit retention, both kept in tenants.settings.
import { z } from 'zod';
import { allowlistSchema } from '../security/ip-allowlist';

export const ipAllowlistInput = z.object({ ranges: allowlistSchema });
export type IpAllowlistInput = z.infer<typeof ipAllowlistInput>;

/** Shortest and longest audit retention a tenant may choose, in days. */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 3650;

/** `days: null` keeps audit entries forever (the default). */
export const auditRetentionInput = z.object({
  days: z
    .number({ error: 'Enter a whole number of days.' })
    .int('Enter a whole number of days.')
    .min(RETENTION_MIN_DAYS, `Keep entries at least ${RETENTION_MIN_DAYS} days.`)
    .max(RETENTION_MAX_DAYS, `Keep entries at most ${RETENTION_MAX_DAYS} days (10 years).`)
    .nullable(),
});
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

/** The retention in days stored in tenants.settings, or null (keep forever). */
export function retentionFromSettings(settings: unknown): number | null {
  const parsed = auditRetentionInput.shape.days.safeParse(field(settings, 'auditRetentionDays') ?? null);
  return parsed.success ? parsed.data : null;
}
