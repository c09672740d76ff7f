import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystem } from '../db/with-tenant';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from '../workflows/definition';
import { dryRunWorkflow } from '../workflows/dry-run';
import { drain } from '../workflows/runner';
import { ADMIN_B, MANAGER_A, TENANT_A, TENANT_B, adminA, adminB, createEngineFixture, publish, rows, writeDeal, type EngineFixture } from '../workflows/testing';
import { CHANGE_DATA_RETENTION_JOB, runChangeDataRetention } from './change-data-retention-job';
import { lastRun } from './maintenance-runs';

// Defaults: the change log is kept 7 days once read, a finished run's payloads 30 days.
const DAY = 86_400_000;

describe('retention of the change log and of workflow run payloads', () => {
  let fx: EngineFixture;
  let oldRun: string;
  let newRun: string;
  let unread: string;
  let workflowId: string;
  const now = new Date();

  /** As the owner with the tenant set (the tables force row-level security). */
  const asOwner = (tenantId: string, sql: string, params: unknown[]) =>
    withSystem(async (tx) => {
      await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      return (await tx.query(sql, params)).rows;
    }, fx.t.db);

  beforeAll(async () => {
    fx = await createEngineFixture();
    const onRename = (userId: string): WorkflowDefinition => ({
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'name', op: 'changed' }] } },
      steps: [{ id: 'n', name: 'Tell', type: 'notify', recipient: { type: 'user', userId }, message: 'Renamed to {{record.name}}' }],
      edges: [{ id: 'e', source: 'trigger', target: 'n' }],
    });
    const wf = await publish(fx, onRename(MANAGER_A));
    const a = await writeDeal(fx, TENANT_A, { name: 'Ada Lovelace account' });
    await writeDeal(fx, TENANT_A, { id: a, name: 'Ada Lovelace renewal' });
    const b = await writeDeal(fx, TENANT_A, { name: 'Grace Hopper account' });
    await writeDeal(fx, TENANT_A, { id: b, name: 'Grace Hopper renewal' });
    await drain(fx.engine);
    workflowId = wf;
    const runs = await rows<{ id: string; name: string }>(fx, TENANT_A, `SELECT id, trigger->'record'->>'name' AS name FROM workflow_runs WHERE workflow_id = $1`, [wf]);
    oldRun = runs.find((r) => r.name === 'Ada Lovelace renewal')!.id;
    newRun = runs.find((r) => r.name === 'Grace Hopper renewal')!.id;
    await asOwner(TENANT_A, `UPDATE workflow_runs SET finished_at = $2 WHERE id = $1`, [oldRun, new Date(now.getTime() - 31 * DAY)]);
    await asOwner(TENANT_A, `UPDATE workflow_runs SET finished_at = $2 WHERE id = $1`, [newRun, new Date(now.getTime() - 29 * DAY)]);
    await asOwner(TENANT_A, `UPDATE record_changes SET occurred_at = $2 WHERE tenant_id = $1`, [TENANT_A, new Date(now.getTime() - 8 * DAY)]);
    // One recent change, read.
    await writeDeal(fx, TENANT_A, { id: a, name: 'Ada Lovelace, recent' });
    await drain(fx.engine);
    // An old change the trigger consumer has not read yet (no drain), in the other tenant,
    // which has a workflow on deals too (changes no workflow can react to are not queued).
    await publish(fx, onRename(ADMIN_B), adminB);
    unread = await writeDeal(fx, TENANT_B, { name: 'Unread' });
    await asOwner(TENANT_B, `UPDATE record_changes SET occurred_at = $2 WHERE tenant_id = $1`, [TENANT_B, new Date(now.getTime() - 8 * DAY)]);
    // Values set aside in sync conflicts: one older than the 30 days notices are handed out, one newer.
    for (const [value, age] of [['Old value', 31], ['New value', 29]] as const) {
      await asOwner(
        TENANT_A,
        `INSERT INTO record_conflicts (tenant_id, collection, record_id, field, kind, lost_value, kept_value, lost_by, fingerprint, noticed_at)
         VALUES ($1, 'deals', $2, 'name', 'field', to_jsonb($3::text), '"Kept"', $4, $3, $5)`,
        [TENANT_A, a, value, MANAGER_A, new Date(now.getTime() - age * DAY)],
      );
    }
    // Outgoing webhook deliveries: an old delivered one, an old one still pending, a recent one.
    const subscription = '01937c4e-7d2a-7000-8000-00000000a5b1';
    await asOwner(TENANT_A, `INSERT INTO webhook_subscriptions (tenant_id, id, url, event_types, secret_sealed) VALUES ($1, $2, 'https://hooks.example.com/x', '{deals.updated}', 'sealed')`, [TENANT_A, subscription]);
    for (const [n, status, age] of [[1, 'delivered', 8], [2, 'pending', 8], [3, 'failed', 6]] as const) {
      await asOwner(
        TENANT_A,
        `INSERT INTO webhook_deliveries (tenant_id, id, subscription_id, event_id, event_type, payload, status, attempt_limit, created_at)
         VALUES ($1, $2, $3, $4, 'deals.updated', '{"data":{"name":"Ada Lovelace"}}', $5, 5, $6)`,
        [TENANT_A, `01937c4e-7d2a-7000-8000-00000000a5c${n}`, subscription, `evt_${n}`, status, new Date(now.getTime() - age * DAY)],
      );
    }
  });
  afterAll(async () => {
    await fx.dispose();
  });

  it('deletes read changes past their retention, keeps unread and recent ones, and strips payloads of runs finished long ago', async () => {
    const outcome = await runChangeDataRetention(fx.t.db, now);
    expect(outcome).toMatchObject({ status: 'done', detail: { changes: 4, runs: 1, conflicts: 1, deliveries: 1 } });
    expect(await rows(fx, TENANT_A, `SELECT event_id, status FROM webhook_deliveries ORDER BY event_id`)).toEqual([
      { event_id: 'evt_2', status: 'pending' },
      { event_id: 'evt_3', status: 'failed' },
    ]);
    expect(await rows(fx, TENANT_A, `SELECT lost_value FROM record_conflicts`)).toEqual([{ lost_value: 'New value' }]);

    const changesA = await rows<{ name: string }>(fx, TENANT_A, `SELECT after->>'name' AS name FROM record_changes ORDER BY id`);
    expect(changesA).toEqual([{ name: 'Ada Lovelace, recent' }]);
    const changesB = await rows<{ record_id: string }>(fx, TENANT_B, 'SELECT record_id FROM record_changes');
    expect(changesB).toEqual([{ record_id: unread }]);

    const runs = await rows<{ id: string; status: string; trigger: Record<string, unknown> }>(fx, TENANT_A, 'SELECT id, status, trigger FROM workflow_runs WHERE id = ANY($1::uuid[])', [[oldRun, newRun]]);
    const old = runs.find((r) => r.id === oldRun)!;
    expect(old.status).toBe('succeeded');
    expect(old.trigger).toEqual({ expired: true, changedFields: expect.arrayContaining(['name']) });
    expect(JSON.stringify(old)).not.toContain('Ada');
    expect(runs.find((r) => r.id === newRun)?.trigger).toMatchObject({ record: { name: 'Grace Hopper renewal' } });

    const steps = await rows<{ run_id: string; status: string; input: unknown; output: unknown }>(fx, TENANT_A, 'SELECT run_id, status, input, output FROM workflow_run_steps WHERE run_id = ANY($1::uuid[])', [[oldRun, newRun]]);
    expect(steps.filter((s) => s.run_id === oldRun)).toEqual([{ run_id: oldRun, status: 'succeeded', input: null, output: null }]);
    expect(JSON.stringify(steps.filter((s) => s.run_id === newRun))).toContain('Grace Hopper renewal');

    // A test run cannot replay what is gone, and says so; a recent run still replays.
    await expect(dryRunWorkflow(adminA, workflowId, { replayRunId: oldRun }, fx.t.db)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/record data of this run has been removed/) });
    expect((await dryRunWorkflow(adminA, workflowId, { replayRunId: newRun }, fx.t.db)).steps.length).toBeGreaterThan(0);

    expect((await lastRun(CHANGE_DATA_RETENTION_JOB, fx.t.db))?.ok).toBe(true);
    // Another instance an hour later finds the day's run done.
    expect(await runChangeDataRetention(fx.t.db, new Date(now.getTime() + 3_600_000))).toEqual({ status: 'not_due' });
  });
});
