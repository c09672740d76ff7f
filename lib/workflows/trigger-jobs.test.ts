import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../db/with-tenant';
import { applyChanges } from '../records/apply-changes';
import { deals, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from './definition';
import { RUN_QUEUE, TRIGGER_QUEUE, type RunJob } from './queue';
import { drain } from './runner';
import { ADMIN_B, MANAGER_A, PIPELINE, TENANT_A, TENANT_B, adminA, adminB, createEngineFixture, publish, rows, writeDeal, type EngineFixture } from './testing';
import { consumeChanges, type TriggerJob } from './consume-changes';

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
