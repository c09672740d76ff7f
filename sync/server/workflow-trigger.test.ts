import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceAudit } from '@/lib/audit/sequence-audit';
import { withTenant } from '@/lib/db/with-tenant';
import { COLLECTIONS, type AnyWireDoc } from '@/sync/schema/collections';
import { pushRows } from './push';
import { ChangeHub } from './change-hub';
import { dealDoc, settledPull } from './testing';
import { WORKFLOW_SCHEMA_VERSION } from '../../lib/workflows/definition';
import { negotiationFollowUp } from '../../lib/workflows/example-definitions';
import { drain } from '../../lib/workflows/runner';
import { MANAGER_A, PIPELINE, REP_A, TENANT_A, createEngineFixture, publish, rows, secret, type EngineFixture } from '../../lib/workflows/testing';

// The real path end to end: a rep's phone pushes a deal through sync, the engine sees the
// stage change and runs the workflow, and the workflow's own writes go back through the same
// record pipeline (schema, change log, audit entry, live stream) a push goes through.
const rep = { userId: REP_A, tenantId: TENANT_A, role: 'rep' as const };

async function pushOne(before: AnyWireDoc | null, after: AnyWireDoc, fx: EngineFixture) {
  const [result] = await pushRows(rep, 'deals', [{ ...(before ? { assumedMasterState: before } : {}), newDocumentState: after }], fx.t.db);
  return result;
}

/** Every document of `collection` a rep's phone would pull from the start. */
async function pullAll(fx: EngineFixture, collection: string): Promise<AnyWireDoc[]> {
  const docs: AnyWireDoc[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const page = await settledPull(rep, collection, { checkpoint, limit: 100 }, fx.t.db);
    if (page.documents.length === 0) return docs;
    docs.push(...page.documents);
    checkpoint = page.checkpoint;
  }
}

describe('a change pushed by sync triggers a workflow', () => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await createEngineFixture();
  });
  afterAll(async () => {
    await fx.dispose();
  });
  const disableAll = () => fx.t.db.query('UPDATE workflows SET enabled = false');

  it('moving a deal to Negotiation on a phone creates the manager’s task', async () => {
    const secretId = await secret(fx, 'whsec_sync_trigger_0123456789');
    await publish(fx, negotiationFollowUp({ stageId: 'negotiation', managerId: MANAGER_A, secretId, url: 'http://127.0.0.1:9/hook' }));
    const created = dealDoc({ name: 'Phone deal', pipelineId: PIPELINE, stageId: 'proposal', amountCents: 6_000_000, ownerId: REP_A });
    expect(await pushOne(null, created, fx)).toEqual({ id: created.id, status: 'accepted' });
    await drain(fx.engine);
    expect(await rows(fx, TENANT_A, `SELECT 1 FROM activities WHERE deal_id = $1`, [created.id])).toEqual([]);

    const moved = { ...created, stageId: 'negotiation', updatedAt: new Date().toISOString() };
    expect(await pushOne(created, moved, fx)).toEqual({ id: created.id, status: 'accepted' });
    await drain(fx.engine);
    const tasks = await rows<{ subject: string; owner_id: string; kind: string }>(fx, TENANT_A, `SELECT subject, owner_id, kind FROM activities WHERE deal_id = $1`, [created.id]);
    expect(tasks).toEqual([{ subject: 'Review Phone deal in negotiation', owner_id: MANAGER_A, kind: 'task' }]);
    await disableAll();
  });

  it('edits replayed by a phone (a lost acknowledgement) trigger once each, in the order they were made', async () => {
    const wf = await publish(fx, {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'name', op: 'changed' }] } },
      steps: [{ id: 'n', name: 'Tell', type: 'notify', recipient: { type: 'user', userId: MANAGER_A }, message: '{{record.name}}' }],
      edges: [{ id: 'e', source: 'trigger', target: 'n' }],
    });
    const versions = [dealDoc({ name: 'v0', pipelineId: PIPELINE, ownerId: REP_A })];
    expect(await pushOne(null, versions[0]!, fx)).toMatchObject({ status: 'accepted' });
    for (const n of [1, 2, 3]) {
      const next = { ...versions.at(-1)!, name: `v${n}` };
      expect(await pushOne(versions.at(-1)!, next, fx)).toMatchObject({ status: 'accepted' });
      versions.push(next);
    }
    // The phone resends its last two edits: the older is answered as a conflict, the last as
    // already applied; neither is a new change.
    expect(await pushOne(versions[1]!, versions[2]!, fx)).toMatchObject({ status: 'conflict', document: versions[3] });
    expect(await pushOne(versions[2]!, versions[3]!, fx)).toEqual({ id: versions[0]!.id, status: 'accepted' });
    await drain(fx.engine);
    const seen = await rows<{ name: string; status: string }>(fx, TENANT_A, `SELECT trigger->'record'->>'name' AS name, status FROM workflow_runs WHERE workflow_id = $1 ORDER BY created_at, id`, [wf]);
    expect(seen).toEqual(['v1', 'v2', 'v3'].map((name) => ({ name, status: 'succeeded' })));
    await disableAll();
  });

  it('a workflow step writes through the record pipeline: live-stream events, schema-valid documents, wire field names in the change log and audit', async () => {
    const wf = await publish(fx, {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed_to', value: 'won' }] } },
      steps: [
        { id: 'set', name: 'Close it', type: 'update_record', set: [{ field: 'status', value: 'won' }, { field: 'closeDate', value: '2026-12-24' }] },
        { id: 'task', name: 'Thank', type: 'create_record', kind: 'task', subject: 'Thank {{record.name}}', dueInHours: 2, assignee: { type: 'record_owner' } },
      ],
      edges: [
        { id: 'e0', source: 'trigger', target: 'set' },
        { id: 'e1', source: 'set', target: 'task' },
      ],
    });
    const created = dealDoc({ name: 'Pipeline win', pipelineId: PIPELINE, stageId: 'proposal', ownerId: REP_A });
    await pushOne(null, created, fx);
    const hub = new ChangeHub(async () => fx.t.db);
    const events: string[] = [];
    const off = await hub.subscribe(TENANT_A, ({ collection }) => events.push(collection));
    try {
      await pushOne(created, { ...created, stageId: 'won' }, fx);
      await drain(fx.engine);
      // One event for the push, then one for each workflow write.
      await expect.poll(() => events.toSorted(), { timeout: 5000 }).toEqual(['activities', 'deals', 'deals']);
    } finally {
      await off();
    }
    // What a phone then pulls passes the schema the phone validates with.
    const deal = (await pullAll(fx, 'deals')).find((d) => d.id === created.id);
    expect(deal).toMatchObject({ stageId: 'won', status: 'won', closeDate: '2026-12-24' });
    expect(COLLECTIONS.deals.wireSchema.safeParse(deal).success).toBe(true);
    const task = (await pullAll(fx, 'activities')).find((a) => a.dealId === created.id);
    expect(task).toMatchObject({ kind: 'task', subject: 'Thank Pipeline win', ownerId: REP_A, done: false, _deleted: false });
    expect(COLLECTIONS.activities.wireSchema.safeParse(task).success).toBe(true);

    // The change log and the audit log name fields as a sync write does.
    const changes = await rows<{ source: string; changed_fields: string[]; keys: string[] }>(
      fx,
      TENANT_A,
      `SELECT source, changed_fields, ARRAY(SELECT jsonb_object_keys(after) ORDER BY 1) AS keys FROM record_changes WHERE record_id = $1 ORDER BY id`,
      [created.id],
    );
    expect(changes.map((c) => c.source)).toEqual(['sync', 'sync', 'workflow']);
    const wireNames = Object.keys(COLLECTIONS.deals.fields);
    expect(changes[2]?.changed_fields).toEqual(expect.arrayContaining(['closeDate', 'status']));
    expect(wireNames).toEqual(expect.arrayContaining(changes[2]?.changed_fields ?? ['none']));
    expect(changes[2]?.keys).toEqual(changes[1]?.keys);
    await sequenceAudit(TENANT_A, fx.t.db); // sequence before read
    const audited = await withTenant(
      TENANT_A,
      async (tx) =>
        (
          await tx.query<{ source: string; fields: string[]; changes: Record<string, unknown> }>(
            `SELECT l.data->>'source' AS source, ARRAY(SELECT jsonb_array_elements_text(l.data->'fields')) AS fields, v.changes
             FROM audit_log l JOIN audit_values v USING (tenant_id, seq) WHERE l.target_id = $1 ORDER BY l.seq`,
            [created.id],
          )
        ).rows,
      fx.t.db,
    );
    expect(audited.map((a) => a.source)).toEqual(['sync', 'sync', 'workflow']);
    expect(audited[2]!.fields.toSorted()).toEqual(changes[2]?.changed_fields.toSorted());
    expect(Object.keys(audited[2]!.changes).toSorted()).toEqual(changes[2]?.changed_fields.toSorted());
    const runs = await rows<{ status: string }>(fx, TENANT_A, 'SELECT status FROM workflow_runs WHERE workflow_id = $1', [wf]);
    expect(runs).toEqual([{ status: 'succeeded' }]);
    await disableAll();
  });

  it('a step whose write the record schema refuses fails the run with the reason and writes nothing', async () => {
    const wf = await publish(fx, {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed_to', value: 'lost' }] } },
      // The subject's template fits its own limit, but the rendered text is longer than an
      // activity's subject may be.
      steps: [{ id: 'task', name: 'Long', type: 'create_record', kind: 'note', subject: `${'x'.repeat(480)} {{record.name}}`, assignee: { type: 'record_owner' } }],
      edges: [{ id: 'e0', source: 'trigger', target: 'task' }],
    });
    const created = dealDoc({ name: 'A deal with a name long enough to push the subject over', pipelineId: PIPELINE, ownerId: REP_A });
    await pushOne(null, created, fx);
    await pushOne(created, { ...created, stageId: 'lost' }, fx);
    await drain(fx.engine);
    const runs = await rows<{ status: string; error: string }>(fx, TENANT_A, 'SELECT status, error FROM workflow_runs WHERE workflow_id = $1', [wf]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'failed' });
    expect(runs[0]?.error).toMatch(/activities record would be invalid: subject/);
    expect(await rows(fx, TENANT_A, 'SELECT 1 FROM activities WHERE deal_id = $1', [created.id])).toEqual([]);
    await disableAll();
  });

  it("a rep's batch with a refused row: the refused change triggers nothing, the accepted one its run", async () => {
    const wf = await publish(fx, {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['create', 'update'] },
      steps: [{ id: 'n', name: 'Tell', type: 'notify', recipient: { type: 'user', userId: MANAGER_A }, message: '{{record.name}}' }],
      edges: [{ id: 'e', source: 'trigger', target: 'n' }],
    });
    // The manager's deal, which a rep may not change.
    const theirs = dealDoc({ name: 'Manager deal', pipelineId: PIPELINE, ownerId: MANAGER_A });
    const manager = { userId: MANAGER_A, tenantId: TENANT_A, role: 'manager' as const };
    expect((await pushRows(manager, 'deals', [{ newDocumentState: theirs }], fx.t.db))[0]).toMatchObject({ status: 'accepted' });
    await drain(fx.engine);
    const mine = dealDoc({ name: 'Rep deal', pipelineId: PIPELINE, ownerId: REP_A });
    const results = await pushRows(
      rep,
      'deals',
      [{ assumedMasterState: theirs, newDocumentState: { ...theirs, name: 'Taken over' } }, { newDocumentState: mine }],
      fx.t.db,
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'accepted']);
    await drain(fx.engine);
    const runs = await rows<{ name: string }>(fx, TENANT_A, `SELECT trigger->'record'->>'name' AS name FROM workflow_runs WHERE workflow_id = $1 ORDER BY created_at, id`, [wf]);
    expect(runs.map((r) => r.name)).toEqual(['Manager deal', 'Rep deal']);
    await disableAll();
  });
});
