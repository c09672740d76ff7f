import 'server-only';
import cronParser from 'cron-parser';
import { v7 as uuidv7 } from 'uuid';
import type { WorkflowDefinition } from './definition';
import { insertRun, setTenant, type WorkflowEngine } from './engine';
import { safeError } from '../observability/safe-error';

/** Schedules looked at per tick (one transaction). */
const TICK_BATCH = 100;

/**
 * The first instant of `cron` strictly after `after`, read in `timezone` (an IANA name).
 * Throws on a malformed expression or an unknown timezone.
 */
export function nextDue(cron: string, timezone: string, after: Date): Date {
  return cronParser.parseExpression(cron, { currentDate: after, tz: timezone }).next().toDate();
}

/** Why a schedule trigger cannot run, or null: used by publish (the builder's check is shape only). */
export function scheduleProblem(cron: string, timezone: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    return `"${timezone}" is not a known timezone (use an IANA name such as Europe/Paris)`;
  }
  try {
    nextDue(cron, timezone, new Date());
    return null;
  } catch (err) {
    return `the cron expression "${cron}" is not valid: ${(err as Error).message}`;
  }
}

/** The run key of one due instant: at most one run per workflow version and instant. */
export function scheduleKey(version: number, dueAt: Date): string {
  return `schedule:${version}:${dueAt.toISOString()}`;
}

type ScheduleRow = {
  tenant_id: string;
  workflow_id: string;
  version: number;
  cron: string;
  timezone: string;
  next_at: Date | string | null;
};

export interface ScheduleTick {
  /** Runs started for due instants. */
  started: number;
  /** Schedules whose next instant was computed or moved on (including the ones that fired). */
  advanced: number;
}

/**
 * Starts a run for every schedule that is due, then moves it to its next instant, in one
 * transaction with the run and its queue job: a crash either keeps both or neither.
 * Several processes may tick at once: rows being handled elsewhere are skipped (SKIP LOCKED),
 * and the run key (version + instant) is unique, so an instant never starts two runs.
 * After downtime, the missed instants collapse into one catch-up run (the latest schedule
 * slot, not a burst of every one missed).
 */
export async function tickSchedules(engine: WorkflowEngine, limit = TICK_BATCH): Promise<ScheduleTick> {
  const now = engine.clock.now();
  return engine.db.transaction(async (tx) => {
    const result: ScheduleTick = { started: 0, advanced: 0 };
    const due = await tx.query<ScheduleRow>(
      `SELECT tenant_id, workflow_id, version, cron, timezone, next_at FROM workflow_schedules
       WHERE next_at IS NULL OR next_at <= $1
       ORDER BY next_at NULLS FIRST, tenant_id, workflow_id
       LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    for (const s of due.rows) {
      let next: Date;
      try {
        next = nextDue(s.cron, s.timezone, now);
      } catch (err) {
        // Publish refuses these; a row that slipped through is dropped rather than blocking every tick.
        console.error('workflow schedule dropped', s.workflow_id, safeError(err));
        await tx.query('DELETE FROM workflow_schedules WHERE tenant_id = $1 AND workflow_id = $2', [s.tenant_id, s.workflow_id]);
        continue;
      }
      if (s.next_at !== null) {
        const dueAt = new Date(s.next_at);
        await setTenant(tx, s.tenant_id);
        const w = await tx.query<{ definition: WorkflowDefinition }>(
          `SELECT v.definition FROM workflows w
           JOIN workflow_versions v ON v.tenant_id = w.tenant_id AND v.workflow_id = w.id AND v.version = w.published_version
           WHERE w.tenant_id = $1 AND w.id = $2 AND w.enabled AND w.published_version = $3`,
          [s.tenant_id, s.workflow_id, s.version],
        );
        const definition = w.rows[0]?.definition;
        if (definition?.trigger.type === 'schedule') {
          const runId = await insertRun(
            tx,
            engine.boss,
            {
              tenantId: s.tenant_id,
              workflowId: s.workflow_id,
              version: s.version,
              definition,
              triggerKey: scheduleKey(s.version, dueAt),
              trigger: { record: null, before: null, changedFields: [], input: { scheduledAt: dueAt.toISOString(), timezone: s.timezone } },
              recordCollection: null,
              recordId: null,
            },
            uuidv7(),
          );
          if (runId) result.started += 1;
        }
      }
      await tx.query('UPDATE workflow_schedules SET next_at = $3 WHERE tenant_id = $1 AND workflow_id = $2', [s.tenant_id, s.workflow_id, next]);
      result.advanced += 1;
    }
    return result;
  });
}
