import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, withTenant } from '../db/with-tenant';
import { applyChanges } from '../records/apply-changes';
import { deals, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from './definition';
import { RUN_QUEUE, TRIGGER_QUEUE, txAdapter, type RunJob } from './queue';
import { drain } from './runner';
import { ADMIN_B, MANAGER_A, PIPELINE, TENANT_A, TENANT_B, adminA, adminB, createEngineFixture, publish, rows, writeDeal, type EngineFixture } from './testing';
import { consumeChanges, type TriggerJob } from './consume-changes';
import { insertRun } from './engine';

// Issue 14, item 4: the statement that writes record changes queues their workflow trigger
// in its own transaction (migration 0013); no inbox, no ticker, no cluster-wide lock.
const onCreate = (userId: string): WorkflowDefinition => ({
  schemaVersion: WORKFLOW_SCHEMA_VERSION,
  trigger: { type: 'record', collection: 'deals', events: ['create'] },
  steps: [{ id: 'n', name: 'Tell', type: 'notify', recipient: { type: 'user', userId }, message: 'New deal {{record.name}}' }],
  edges: [{ id: 'e', source: 'trigger', target: 'n' }],
});

function newDeal(name: string): AnyWireDoc {
  const now = new Date().toISOString();
  return deals.wireSchema.parse({
    id: crypto.randomUUID(), name, pipelineId: PIPELINE, stageId: 'lead', amountCents: 0, currency: 'EUR', closeDate: null, status: 'open',
    companyId: null, contactId: null, ownerId: null, createdAt: now, updatedAt: now, _deleted: false,
  }) as AnyWireDoc;
}

describe('workflow triggers are queued by the writing transaction', () => {
  let fx: EngineFixture;
  const triggerJobs = async () =>
    (await fx.t.db.query<{ data: TriggerJob; priority: number }>(`SELECT data, priority FROM pgboss.job WHERE name = $1 AND state = 'created' ORDER BY created_on, id`, [TRIGGER_QUEUE])).rows.map((r) => r.data);

  beforeAll(async () => {
    fx = await createEngineFixture();
  });
  afterAll(async () => {
    await fx.dispose();
  });

  it('queues nothing while no workflow can react, and nothing for a rolled-back write', async () => {
    await writeDeal(fx, TENANT_A, { name: 'Before any workflow' });
    expect(await triggerJobs()).toEqual([]);

    await publish(fx, onCreate(MANAGER_A));
    await expect(
      withTenant(TENANT_A, async (tx) => {
        await applyChanges(tx, adminA, deals as unknown as CollectionDef, [{ before: null, after: newDeal('Rolled back') }], { source: 'sync' });
        throw new Error('the push failed after the write');
      }, fx.t.db),
    ).rejects.toThrow('the push failed');
    expect(await triggerJobs()).toEqual([]);
  });

  it('one job per writing statement, naming all its changes, and each of them makes a run', async () => {
    const batch = [newDeal('One'), newDeal('Two'), newDeal('Three')];
    await withTenant(TENANT_A, (tx) => applyChanges(tx, adminA, deals as unknown as CollectionDef, batch.map((after) => ({ before: null, after })), { source: 'sync' }), fx.t.db);
    const jobs = await triggerJobs();
    expect(jobs).toHaveLength(1);
    const changes = await rows<{ id: number }>(fx, TENANT_A, 'SELECT id FROM record_changes WHERE record_id = ANY($1::uuid[]) ORDER BY id', [batch.map((d) => d.id)]);
    expect(jobs[0]).toEqual({ tenantId: TENANT_A, collection: 'deals', changeIds: changes.map((c) => Number(c.id)) });
    await drain(fx.engine);
    const runs = await rows<{ record_id: string; status: string }>(fx, TENANT_A, 'SELECT record_id, status FROM workflow_runs WHERE record_id = ANY($1::uuid[])', [batch.map((d) => d.id)]);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('a job is fetchable the moment its transaction commits, however fine the clock', async () => {
    // PGlite's now() has millisecond resolution and pg-boss fetches start_after < now(): inside
    // one transaction now() stands still, the worst case of a write and a fetch in the same ms.
    const fetched = await fx.t.db.transaction(async (tx) => {
      const deal = newDeal('Due at once');
      await tx.query("SELECT set_config('app.tenant_id', $1, true)", [TENANT_A]);
      await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
      await applyChanges(tx, adminA, deals as unknown as CollectionDef, [{ before: null, after: deal }], { source: 'sync' });
      // The workers' side: the queue's owner (the app role has no grant on pgboss).
      await tx.query('RESET ROLE');
      const trigger = (await fx.boss.fetch<TriggerJob>(TRIGGER_QUEUE, { batchSize: 10, db: txAdapter(tx) })) ?? [];
      const [wf] = (await tx.query<{ id: string; version: number }>('SELECT id, published_version AS version FROM workflows LIMIT 1')).rows;
      const run = await insertRun(
        tx,
        fx.boss,
        { tenantId: TENANT_A, workflowId: wf!.id, version: wf!.version, definition: onCreate(MANAGER_A), triggerKey: 'due-now', trigger: { record: deal, before: null, changedFields: [] }, recordCollection: 'deals', recordId: deal.id },
        uuidv7(),
      );
      const runs = (await fx.boss.fetch<RunJob>(RUN_QUEUE, { batchSize: 10, db: txAdapter(tx) })) ?? [];
      throw Object.assign(new Error('roll back'), { fetched: { trigger: trigger.map((j) => j.data.changeIds.length), runs: runs.map((j) => j.data.runId), run } });
    }).catch((err: Error & { fetched?: unknown }) => {
      if (!err.fetched) throw err;
      return err.fetched;
    });
    expect(fetched).toMatchObject({ trigger: [1] });
    const { runs, run } = fetched as { runs: string[]; run: string };
    expect(runs).toEqual([run]);
  });

  it("one tenant's bulk write does not hold up another tenant's single edit", async () => {
    await publish(fx, onCreate(ADMIN_B), adminB);
    const bulk = Array.from({ length: 20 }, (_, i) => newDeal(`Import ${i}`));
    await withTenant(TENANT_A, (tx) => applyChanges(tx, adminA, deals as unknown as CollectionDef, bulk.map((after) => ({ before: null, after })), { source: 'import' }), fx.t.db);
    await writeDeal(fx, TENANT_B, { name: 'A single edit' });
    // Both trigger jobs evaluated (the import's first, as it came first), no run started yet.
    for (const job of (await fx.boss.fetch<TriggerJob>(TRIGGER_QUEUE, { batchSize: 10 })) ?? []) {
      await consumeChanges(fx.t.db, fx.boss, job.data);
      await fx.boss.complete(TRIGGER_QUEUE, job.id);
    }
    const [next] = (await fx.boss.fetch<RunJob>(RUN_QUEUE, { batchSize: 1 })) ?? [];
    expect(next?.data.tenantId).toBe(TENANT_B);
    await fx.engine.advance(next!.data);
    await fx.boss.complete(RUN_QUEUE, next!.id);
    await drain(fx.engine);
    const runs = await rows<{ status: string }>(fx, TENANT_A, 'SELECT status FROM workflow_runs WHERE record_id = ANY($1::uuid[])', [bulk.map((d) => d.id)]);
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(20);
  });
});
