import 'server-only';
import { TRIGGER_QUEUE } from '../db/job-queue';
import type { Queryable } from '../db/types';
import { FANOUT_QUEUE } from '../webhooks/webhook-queue';
import type { EffectiveRetention } from './retention-defaults';

// What a retention policy removes, as of `now`: one selection per category, used both by the
// dry run (previewRetention counts it) and by the scheduled jobs (they delete or strip it),
// so the count shown before saving is what the jobs then remove.
//
// Precisely:
//   * activities: when an activity happened is its occurred_at, else its due_at, else its
//     created_at (the time the app shows it under, components/records/activity-kinds.ts); it
//     is past retention when that time is before now minus N days (24-hour days). An open task
//     (kind 'task', not done) is never removed, however old.
//   * closed deals: a deal won or lost is past retention when its close date is before the UTC
//     day N calendar months before now; a closed deal without a close date counts from its
//     last update instead. Open deals are never removed.
//   * change log: a row written before now minus N days, unless a pending workflow-trigger or
//     webhook fan-out job still names it (it has not been read yet).
//   * workflow run data: the payloads of a run that finished (succeeded, failed or cancelled)
//     before now minus N days and still has them (not stripped by retention or an erasure).
//   * audit log: what lib/audit/enforce-retention.ts removes, every entry up to the newest one
//     written before now minus N days, but never the newest entry of the log.
// Records already deleted (tombstones) are never selected: they hold no values and age out
// with the sync tombstone window.

const DAY_MS = 86_400_000;

/** `now` less `days` days of 24 hours, as the audit and change-log retention have always counted. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * The same UTC time of day `months` calendar months before `now`; a day the earlier month
 * lacks becomes its last day (31 March less one month is 28 or 29 February).
 */
export function monthsBefore(now: Date, months: number): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()),
  );
}

/** The rows of one category past retention: `FROM table alias WHERE where`, with `params` as $1.. ($1 is the tenant). */
export interface RetentionSelection {
  table: string;
  alias: string;
  where: string;
  params: unknown[];
}

export interface RetentionSelections {
  activities: RetentionSelection | null;
  closedDeals: RetentionSelection | null;
  changes: RetentionSelection;
  runPayloads: RetentionSelection;
  auditEntries: RetentionSelection | null;
}

function expiredActivities(tenantId: string, before: Date): RetentionSelection {
  return {
    table: 'activities',
    alias: 'a',
    where: `a.tenant_id = $1 AND NOT a.deleted AND NOT (a.kind = 'task' AND NOT a.done)
            AND coalesce(a.occurred_at, a.due_at, a.created_at) < $2`,
    params: [tenantId, before.toISOString()],
  };
}

function expiredClosedDeals(tenantId: string, before: Date): RetentionSelection {
  const instant = before.toISOString();
  return {
    table: 'deals',
    alias: 'd',
    where: `d.tenant_id = $1 AND NOT d.deleted AND d.status IN ('won', 'lost')
            AND CASE WHEN d.close_date IS NOT NULL THEN d.close_date < $2::date ELSE d.updated_at < $3 END`,
    params: [tenantId, instant.slice(0, 10), instant],
  };
}

function expiredChanges(tenantId: string, before: Date): RetentionSelection {
  return {
    table: 'record_changes',
    alias: 'c',
    where: `c.tenant_id = $1 AND c.occurred_at < $2
            AND NOT EXISTS (SELECT 1 FROM pgboss.job j WHERE j.name = ANY($3::text[]) AND j.state < 'completed'
                              AND j.data->>'tenantId' = $1::text AND j.data->'changeIds' @> to_jsonb(c.id))`,
    params: [tenantId, before.toISOString(), [TRIGGER_QUEUE, FANOUT_QUEUE]],
  };
}

function expiredRunPayloads(tenantId: string, before: Date): RetentionSelection {
  return {
    table: 'workflow_runs',
    alias: 'r',
    // A run stripped already, by retention (`expired`) or by an erasure (`erased`), is neither
    // counted nor rewritten: its marker says why the payload is gone.
    where: `r.tenant_id = $1 AND r.status IN ('succeeded', 'failed', 'cancelled') AND r.finished_at < $2
            AND NOT (r.trigger ? 'expired' OR r.trigger ? 'erased')`,
    params: [tenantId, before.toISOString()],
  };
}

/**
 * The audit entries past `before`: every entry up to the newest one written before it, but
 * never the log's newest entry (the log never looks empty and its head stays visible). The one
 * selection for both the dry run and lib/audit/enforce-retention.ts, which removes through its
 * newest entry.
 */
export function expiredAuditEntries(tenantId: string, before: Date): RetentionSelection {
  return {
    table: 'audit_log',
    alias: 'l',
    where: `l.tenant_id = $1 AND l.seq <= (
              SELECT o.seq FROM audit_log o
              WHERE o.tenant_id = $1 AND o.occurred_at < $2 AND o.seq < (SELECT max(m.seq) FROM audit_log m WHERE m.tenant_id = $1)
              ORDER BY o.seq DESC LIMIT 1)`,
    params: [tenantId, before.toISOString()],
  };
}

/**
 * Finished outgoing webhook deliveries (they hold record values) made before the change log's
 * cutoff: they follow the change log's days. Not part of the dry run's categories.
 */
export function expiredDeliveries(tenantId: string, changesBefore: Date): RetentionSelection {
  return { table: 'webhook_deliveries', alias: 'w', where: `w.tenant_id = $1 AND w.status <> 'pending' AND w.created_at < $2`, params: [tenantId, changesBefore.toISOString()] };
}

/** What `policy` removes from the tenant as of `now`, per category; null where it keeps everything. */
export function retentionSelections(tenantId: string, policy: EffectiveRetention, now: Date): RetentionSelections {
  return {
    activities: policy.activitiesDays === null ? null : expiredActivities(tenantId, daysBefore(now, policy.activitiesDays)),
    closedDeals: policy.closedDealsMonths === null ? null : expiredClosedDeals(tenantId, monthsBefore(now, policy.closedDealsMonths)),
    changes: expiredChanges(tenantId, daysBefore(now, policy.changeLogDays)),
    runPayloads: expiredRunPayloads(tenantId, daysBefore(now, policy.runPayloadDays)),
    auditEntries: policy.auditDays === null ? null : expiredAuditEntries(tenantId, daysBefore(now, policy.auditDays)),
  };
}

/** How many rows a selection holds (0 for none). */
export async function countSelection(tx: Queryable, s: RetentionSelection | null): Promise<number> {
  if (!s) return 0;
  const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s.table} ${s.alias} WHERE ${s.where}`, s.params);
  return rows[0]?.n ?? 0;
}
