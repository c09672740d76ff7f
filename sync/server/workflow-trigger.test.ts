import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushChanges } from './push';
import { dealDoc } from './testing';
import { negotiationFollowUp } from '../../lib/workflows/example-definitions';
import { drain } from '../../lib/workflows/runner';
import { MANAGER_A, PIPELINE, REP_A, TENANT_A, createEngineFixture, publish, rows, secret, type EngineFixture } from '../../lib/workflows/testing';

// The real path end to end: a rep's phone pushes a deal through sync (camelCase documents in
// the outbox), the engine sees the stage change and runs the workflow (column-named fields).
describe('a change pushed by sync triggers a workflow', () => {
  let fx: EngineFixture;
  beforeAll(async () => {
    fx = await createEngineFixture();
  });
  afterAll(async () => {
    await fx.dispose();
  });

  it('moving a deal to Negotiation on a phone creates the manager’s task', async () => {
    const secretId = await secret(fx, 'whsec_sync_trigger_0123456789');
    await publish(fx, negotiationFollowUp({ stageId: 'negotiation', managerId: MANAGER_A, secretId, url: 'http://127.0.0.1:9/hook' }));
    const rep = { userId: REP_A, tenantId: TENANT_A, role: 'rep' as const };
    const created = dealDoc({ name: 'Phone deal', pipelineId: PIPELINE, stageId: 'proposal', amountCents: 6_000_000, ownerId: REP_A });
    expect(await pushChanges(rep, 'deals', [{ newDocumentState: created }], fx.t.db)).toEqual([]);
    await drain(fx.engine);
    expect(await rows(fx, TENANT_A, `SELECT 1 FROM activities WHERE deal_id = $1`, [created.id])).toEqual([]);

    const moved = { ...created, stageId: 'negotiation', updatedAt: new Date().toISOString() };
    expect(await pushChanges(rep, 'deals', [{ assumedMasterState: created, newDocumentState: moved }], fx.t.db)).toEqual([]);
    await drain(fx.engine);
    const tasks = await rows<{ subject: string; owner_id: string; kind: string }>(fx, TENANT_A, `SELECT subject, owner_id, kind FROM activities WHERE deal_id = $1`, [created.id]);
    expect(tasks).toEqual([{ subject: 'Review Phone deal in negotiation', owner_id: MANAGER_A, kind: 'task' }]);
  });
});
