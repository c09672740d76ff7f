import { describe, expect, it } from 'vitest';
import { auditRetentionInput, retentionFromSettings } from '../tenancy/security-settings';
import { monthsBefore } from './retention-candidates';
import { DEFAULT_RETENTION_POLICY, RETENTION_BOUNDS, retentionPolicyFromSettings, retentionPolicyInput, retentionSettingsPatch, type RetentionPolicy } from './retention-policy';

const valid: RetentionPolicy = { activitiesDays: 730, closedDealsMonths: 24, changeLogDays: 30, runPayloadDays: 10, auditDays: 365 };

/** The messages a body's issues carry, by field. */
function messages(body: unknown): Record<string, string> {
  const r = retentionPolicyInput.safeParse(body);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.') || '(body)', i.message]));
}

describe('retention policy input', () => {
  it('accepts whole numbers within each field’s bounds, and null for the default', () => {
    expect(retentionPolicyInput.parse(valid)).toEqual(valid);
    expect(retentionPolicyInput.parse(DEFAULT_RETENTION_POLICY)).toEqual(DEFAULT_RETENTION_POLICY);
    const lowest = Object.fromEntries(Object.entries(RETENTION_BOUNDS).map(([k, b]) => [k, b.min]));
    const highest = Object.fromEntries(Object.entries(RETENTION_BOUNDS).map(([k, b]) => [k, b.max]));
    expect(retentionPolicyInput.parse(lowest)).toEqual(lowest);
    expect(retentionPolicyInput.parse(highest)).toEqual(highest);
  });

  it('names the field in every message', () => {
    expect(messages({ ...valid, activitiesDays: 29 })).toEqual({ activitiesDays: 'Activities: keep at least 30 days.' });
    expect(messages({ ...valid, closedDealsMonths: 121 })).toEqual({ closedDealsMonths: 'Closed deals: keep at most 120 months.' });
    expect(messages({ ...valid, changeLogDays: 6 })).toEqual({ changeLogDays: 'Change log: keep at least 7 days.' });
    expect(messages({ ...valid, runPayloadDays: 1.5 })).toEqual({ runPayloadDays: 'Workflow run data: enter a whole number of days.' });
    expect(messages({ ...valid, auditDays: 29 })).toEqual({ auditDays: 'Audit log: keep at least 30 days.' });
    expect(messages({ ...valid, auditDays: '365' })).toEqual({ auditDays: 'Audit log: enter a whole number of days, or leave it empty for the default.' });
    const { closedDealsMonths: _, ...missing } = valid;
    expect(messages(missing)).toEqual({ closedDealsMonths: 'Closed deals: enter a whole number of months, or leave it empty for the default.' });
    expect(Object.keys(messages({ ...valid, extra: 1 }))).toEqual(['(body)']);
  });

  it('the audit-retention route’s `days` obeys the same rule as the policy’s auditDays', () => {
    for (const days of [29, 30, 3650, 3651, 30.5, null]) {
      expect(auditRetentionInput.safeParse({ days }).success).toBe(retentionPolicyInput.shape.auditDays.safeParse(days).success);
    }
  });
});

describe('retention policy in tenants.settings', () => {
  it('round-trips through the patch, keeping the audit days where the audit job reads them', () => {
    const settings = { syncScope: 'own', ...retentionSettingsPatch(valid) };
    expect(retentionPolicyFromSettings(settings)).toEqual(valid);
    expect(retentionFromSettings(settings)).toBe(365);
    expect(settings).toMatchObject({ auditRetentionDays: 365, retention: { activitiesDays: 730 } });
    expect(retentionPolicyFromSettings({ ...settings, ...retentionSettingsPatch(DEFAULT_RETENTION_POLICY) })).toEqual(DEFAULT_RETENTION_POLICY);
  });

  it('reads an audit retention saved before the policy existed, and nothing else as a limit', () => {
    expect(retentionPolicyFromSettings({ auditRetentionDays: 90 })).toEqual({ ...DEFAULT_RETENTION_POLICY, auditDays: 90 });
    expect(retentionPolicyFromSettings({})).toEqual(DEFAULT_RETENTION_POLICY);
    expect(retentionPolicyFromSettings(null)).toEqual(DEFAULT_RETENTION_POLICY);
  });

  it('treats a damaged stored value as the default (keeps longer, never removes more)', () => {
    const damaged = { auditRetentionDays: 2, retention: { activitiesDays: 1, closedDealsMonths: 'x', changeLogDays: 14, runPayloadDays: -3 } };
    expect(retentionPolicyFromSettings(damaged)).toEqual({ ...DEFAULT_RETENTION_POLICY, changeLogDays: 14 });
    expect(retentionPolicyFromSettings({ retention: 'all' })).toEqual(DEFAULT_RETENTION_POLICY);
  });
});

describe('monthsBefore', () => {
  it('counts calendar months in UTC and clamps to the end of a shorter month', () => {
    expect(monthsBefore(new Date('2026-07-15T10:30:00.000Z'), 12).toISOString()).toBe('2025-07-15T10:30:00.000Z');
    expect(monthsBefore(new Date('2026-03-31T00:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(monthsBefore(new Date('2024-03-31T23:59:59.999Z'), 1).toISOString()).toBe('2024-02-29T23:59:59.999Z');
    expect(monthsBefore(new Date('2026-01-10T00:00:00.000Z'), 13).toISOString()).toBe('2024-12-10T00:00:00.000Z');
  });
});
