import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from './definition';
import { WorkflowEngine } from './engine';
import { publishWorkflow, saveDraft, getWorkflow, setWorkflowEnabled } from './manage-workflows';
import { drain } from './runner';
import { nextDue, scheduleKey, scheduleProblem, tickSchedules } from './schedule-triggers';
import { ADMIN_A, TENANT_A, adminA, createEngineFixture, publish, rows, type EngineFixture } from './testing';

// Runs on in-memory PGlite, and on real Postgres when DATABASE_URL is set (createTestDatabase).
const MINUTE = 60_000;

function scheduled(cron: string, timezone?: string): WorkflowDefinition {
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    trigger: { type: 'schedule', cron, timezone: timezone ?? 'UTC' },
    steps: [{ id: 'ping', name: 'Tell the owner', type: 'notify', recipient: { type: 'user', userId: ADMIN_A }, message: 'Scheduled run' }],
    edges: [{ id: 'e1', source: 'trigger', target: 'ping' }],
  };
}

type Run = { id: string; status: string; trigger_key: string; version: number; trigger: { input: { scheduledAt: string } } };
const runsOf = (fx: EngineFixture, workflowId: string) =>
  rows<Run>(fx, TENANT_A, 'SELECT id, status, trigger_key, version, trigger FROM workflow_runs WHERE workflow_id = $1 ORDER BY created_at, id', [workflowId]);

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
});
afterAll(async () => {
  await fx.dispose();
});

describe('cron maths', () => {
  it('reads the expression in the definition timezone', () => {
    const after = new Date('2026-11-22T09:00:00Z');
    expect(nextDue('0 9 * * *', 'UTC', after).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    // 09:00 in Paris is 08:00 UTC in winter.
    expect(nextDue('0 9 * * *', 'Europe/Paris', after).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(nextDue('*/15 * * * *', 'UTC', after).toISOString()).toBe('2026-11-22T09:15:00.000Z');
  });

  it('names bad expressions and timezones', () => {
    expect(scheduleProblem('0 9 * * *', 'UTC')).toBeNull();
    expect(scheduleProblem('61 9 * * *', 'UTC')).toMatch(/cron expression/);
    expect(scheduleProblem('0 9 * * *', 'Mars/Olympus')).toMatch(/timezone/);
  });
});

describe('schedule trigger', () => {
  it('refuses to publish an invalid cron expression, naming the trigger', async () => {
    await expect(publish(fx, scheduled('99 * * * *'))).rejects.toMatchObject({ code: 'validation_failed', issues: [expect.objectContaining({ message: expect.stringMatching(/^Trigger: /) })] });
  });

  it('starts exactly one run per due instant with two concurrent tickers, on its own version', async () => {
    const id = await publish(fx, scheduled('*/15 * * * *'), adminA, 'Every quarter hour');
    const other = new WorkflowEngine({ db: fx.t.db, boss: fx.boss, clock: fx.clock });
    // First tick computes the next instant (09:15) from the clock (09:00); nothing is due yet.
    await Promise.all([tickSchedules(fx.engine), tickSchedules(other)]);
    expect(await runsOf(fx, id)).toHaveLength(0);

    await fx.advance(15 * MINUTE);
    const ticks = await Promise.all([tickSchedules(fx.engine), tickSchedules(other), tickSchedules(fx.engine), tickSchedules(other)]);
    expect(ticks.reduce((n, t) => n + t.started, 0)).toBe(1);
    let runs = await runsOf(fx, id);
    expect(runs.map((r) => r.trigger_key)).toEqual([scheduleKey(1, new Date('2026-11-22T09:15:00Z'))]);
    expect(runs[0]?.trigger.input.scheduledAt).toBe('2026-11-22T09:15:00.000Z');

    // The run executes like any other.
    await drain(fx.engine);
    runs = await runsOf(fx, id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);

    // Not yet due again: nothing; then the next slot fires once more.
    await Promise.all([tickSchedules(fx.engine), tickSchedules(other)]);
    expect(await runsOf(fx, id)).toHaveLength(1);
    await fx.advance(15 * MINUTE);
    await Promise.all([tickSchedules(fx.engine), tickSchedules(other)]);
    expect((await runsOf(fx, id)).map((r) => r.trigger_key)).toEqual([
      scheduleKey(1, new Date('2026-11-22T09:15:00Z')),
      scheduleKey(1, new Date('2026-11-22T09:30:00Z')),
    ]);
    await setWorkflowEnabled(adminA, id, false, fx.t.db);
  });

  it('an instant already run is never started again, even if the cursor is set back (crash between run and cursor)', async () => {
    const id = await publish(fx, scheduled('0 * * * *'), adminA, 'Hourly');
    await tickSchedules(fx.engine);
    await fx.advance(60 * MINUTE);
    await tickSchedules(fx.engine);
    expect(await runsOf(fx, id)).toHaveLength(1);
    // Simulate a stale cursor: another process saw the old next_at.
    await fx.t.db.query("UPDATE workflow_schedules SET next_at = next_at - interval '1 hour' WHERE workflow_id = $1", [id]);
    await tickSchedules(fx.engine);
    expect(await runsOf(fx, id)).toHaveLength(1);
    await setWorkflowEnabled(adminA, id, false, fx.t.db);
  });

  it('survives a restart: the next instant is stored, and missed instants collapse into one catch-up run', async () => {
    const id = await publish(fx, scheduled('0 * * * *'), adminA, 'Hourly catch-up');
    await tickSchedules(fx.engine);
    // "Restart": a fresh engine on the same database, five hours later.
    await fx.advance(5 * 60 * MINUTE);
    const restarted = new WorkflowEngine({ db: fx.t.db, boss: fx.boss, clock: fx.clock });
    await tickSchedules(restarted);
    await tickSchedules(restarted);
    expect(await runsOf(fx, id)).toHaveLength(1);
    await setWorkflowEnabled(adminA, id, false, fx.t.db);
  });

  it('a new version replaces the schedule; turning off or switching to another trigger stops it', async () => {
    const id = await publish(fx, scheduled('0 * * * *'), adminA, 'Versioned');
    await tickSchedules(fx.engine);
    // Publish version 2 with a different cron.
    const w = await getWorkflow(adminA, id, fx.t.db);
    await saveDraft(adminA, id, { definition: scheduled('30 * * * *'), revision: w.draftRevision }, fx.t.db);
    await publishWorkflow(adminA, id, fx.t.db);
    await tickSchedules(fx.engine);
    await fx.advance(60 * MINUTE);
    await tickSchedules(fx.engine);
    const runs = await runsOf(fx, id);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.version).toBe(2);
    expect(runs[0]?.trigger_key).toMatch(/^schedule:2:.*:30:00\.000Z$/);

    // Version 3: a manual trigger. No schedule remains.
    const w2 = await getWorkflow(adminA, id, fx.t.db);
    await saveDraft(adminA, id, { definition: { ...scheduled('0 * * * *'), trigger: { type: 'manual' } }, revision: w2.draftRevision }, fx.t.db);
    await publishWorkflow(adminA, id, fx.t.db);
    await fx.advance(60 * MINUTE);
    await tickSchedules(fx.engine);
    expect(await runsOf(fx, id)).toHaveLength(1);
    const left = await fx.t.db.query('SELECT 1 FROM workflow_schedules WHERE workflow_id = $1', [id]);
    expect(left.rows).toHaveLength(0);
  });

  it('turning a workflow off removes its schedule; back on, it starts from the next instant', async () => {
    const id = await publish(fx, scheduled('0 * * * *'), adminA, 'Toggled');
    await tickSchedules(fx.engine);
    await setWorkflowEnabled(adminA, id, false, fx.t.db);
    await fx.advance(60 * MINUTE);
    await tickSchedules(fx.engine);
    expect(await runsOf(fx, id)).toHaveLength(0);
    await setWorkflowEnabled(adminA, id, true, fx.t.db);
    await tickSchedules(fx.engine);
    expect(await runsOf(fx, id)).toHaveLength(0);
    await fx.advance(60 * MINUTE);
    await tickSchedules(fx.engine);
    expect(await runsOf(fx, id)).toHaveLength(1);
    await setWorkflowEnabled(adminA, id, false, fx.t.db);
  });

  it('the app role cannot read or write the schedule table', async () => {
    await expect(rows(fx, TENANT_A, 'SELECT * FROM workflow_schedules')).rejects.toThrow(/permission denied/);
  });
});
