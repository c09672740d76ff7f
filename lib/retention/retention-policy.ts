// Shared with the browser (the retention form validates with it and shows the bounds): a
// tenant's retention policy, how long each kind of data is kept, and where it lives in
// tenants.settings. The one place for these rules; lib/tenancy/security-settings.ts reads the
// audit days through it.
import { z } from 'zod';

/** Shortest and longest audit retention a tenant may choose, in days (30: the legal minimum we hold to). */
export const RETENTION_MIN_DAYS = 30;
export const RETENTION_MAX_DAYS = 3650;

/** Each field's bounds and unit, for the schema below and the form's hints. */
export const RETENTION_BOUNDS = {
  activitiesDays: { label: 'Activities', min: 30, max: 3650, unit: 'days' },
  closedDealsMonths: { label: 'Closed deals', min: 1, max: 120, unit: 'months' },
  changeLogDays: { label: 'Change log', min: 7, max: 3650, unit: 'days' },
  runPayloadDays: { label: 'Workflow run data', min: 1, max: 3650, unit: 'days' },
  auditDays: { label: 'Audit log', min: RETENTION_MIN_DAYS, max: RETENTION_MAX_DAYS, unit: 'days' },
} as const;

export type RetentionField = keyof typeof RETENTION_BOUNDS;

/**
 * A whole number of the field's unit within its bounds, or null for the default. Every message
 * starts with the field's label, so it reads right in a list of errors as well as beside its input.
 */
function boundedSchema(field: RetentionField) {
  const { label, min, max, unit } = RETENTION_BOUNDS[field];
  return z
    .number({ error: `${label}: enter a whole number of ${unit}, or leave it empty for the default.` })
    .int(`${label}: enter a whole number of ${unit}.`)
    .min(min, `${label}: keep at least ${min} ${unit}.`)
    .max(max, `${label}: keep at most ${max} ${unit}.`)
    .nullable();
}

/** Audit retention in days, null keeping entries for ever (also the audit-retention route's `days`). */
export const auditDaysSchema = boundedSchema('auditDays');

/**
 * The policy, every field required (null = the default): activities and closed deals are kept
 * for ever, the change log and workflow run data for the server's configured days
 * (RECORD_CHANGES_RETENTION_DAYS, WORKFLOW_RUN_PAYLOAD_RETENTION_DAYS), audit entries for ever.
 */
export const retentionPolicyInput = z.strictObject({
  activitiesDays: boundedSchema('activitiesDays'),
  closedDealsMonths: boundedSchema('closedDealsMonths'),
  changeLogDays: boundedSchema('changeLogDays'),
  runPayloadDays: boundedSchema('runPayloadDays'),
  auditDays: auditDaysSchema,
});
export type RetentionPolicy = z.infer<typeof retentionPolicyInput>;

/** Every field at its default. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { activitiesDays: null, closedDealsMonths: null, changeLogDays: null, runPayloadDays: null, auditDays: null };

/**
 * Where the policy lives in tenants.settings: the audit days stay under the key the audit
 * retention job, the health page and the audit-retention route have always read, so both
 * settings routes write the same value and there is no second copy to drift; everything
 * else is under `retention`.
 */
const AUDIT_KEY = 'auditRetentionDays';
const POLICY_KEY = 'retention';

function entry(settings: unknown, key: string): unknown {
  return settings && typeof settings === 'object' ? (settings as Record<string, unknown>)[key] : undefined;
}

/** The audit retention in days stored in tenants.settings, or null (keep for ever). */
export function auditDaysFromSettings(settings: unknown): number | null {
  const parsed = auditDaysSchema.safeParse(entry(settings, AUDIT_KEY) ?? null);
  return parsed.success ? parsed.data : null;
}

/**
 * The policy stored in tenants.settings; a missing or unreadable field (damaged, or outside
 * today's bounds) is the default. For activities, closed deals and the audit log that keeps
 * everything; for the change log and run data it is the server's configured days, which may
 * be SHORTER than what was stored: a change to RETENTION_BOUNDS that leaves stored values
 * outside them must migrate those values, or the jobs remove more than the tenant chose.
 */
export function retentionPolicyFromSettings(settings: unknown): RetentionPolicy {
  const stored = entry(settings, POLICY_KEY);
  const policy: RetentionPolicy = { ...DEFAULT_RETENTION_POLICY, auditDays: auditDaysFromSettings(settings) };
  for (const field of ['activitiesDays', 'closedDealsMonths', 'changeLogDays', 'runPayloadDays'] as const) {
    const parsed = retentionPolicyInput.shape[field].safeParse(entry(stored, field) ?? null);
    if (parsed.success) policy[field] = parsed.data;
  }
  return policy;
}

/** The keys to merge into tenants.settings (`settings || patch`) to store `policy`. */
export function retentionSettingsPatch(policy: RetentionPolicy): Record<string, unknown> {
  const { auditDays, ...rest } = policy;
  return { [POLICY_KEY]: rest, [AUDIT_KEY]: auditDays };
}
