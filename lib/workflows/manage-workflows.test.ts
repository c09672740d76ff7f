import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import { AppError } from '../http/app-error';
import { dryRunWorkflow } from './dry-run';
import { negotiationFollowUp } from './example-definitions';
import { createWorkflow, createWorkflowSecret, getWorkflow, listWorkflowSecrets, listWorkflows, publishWorkflow, saveDraft } from './manage-workflows';
import { getRun, listRuns, workflowHealth } from './run-history';
import { drain } from './runner';
import { MANAGER_A, TENANT_A, adminA, adminB, createEngineFixture, rows, writeDeal, type EngineFixture } from './testing';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
});
afterAll(() => fx.dispose());

const def = (secretId: string) => negotiationFollowUp({ stageId: 'negotiation', managerId: MANAGER_A, secretId, url: 'http://127.0.0.1:9/unused' });

async function expectAppError(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (message) expect((err as AppError).message).toMatch(message);
  return err as AppError;
}

describe('drafts, publishing and versions', () => {
  it('autosaves with a revision check and reports live issues', async () => {
    const w = await createWorkflow(adminA, { name: 'Flow' }, fx.t.db);
    expect(w.issues).toEqual([]);
    const bad = { ...def('0190b000-0000-7000-8000-0000000000ff') };
    bad.steps = [...bad.steps, { id: 'lost', name: 'Lost step', type: 'stop' }];
    const saved = await saveDraft(adminA, w.id, { definition: bad, revision: w.draftRevision }, fx.t.db);
    expect(saved.draftRevision).toBe(w.draftRevision + 1);
    expect(saved.issues.map((i) => i.message)).toEqual(['Step "Lost step" (lost) cannot be reached from the trigger']);
    // A second tab still on the old revision is refused, not silently overwritten.
    await expectAppError(saveDraft(adminA, w.id, { definition: bad, revision: w.draftRevision }, fx.t.db), 'conflict');
    // Publishing an invalid draft is refused with every issue.
    const err = await expectAppError(publishWorkflow(adminA, w.id, fx.t.db), 'validation_failed');
    expect(err.issues).toEqual([{ path: 'lost', message: 'Step "Lost step" (lost) cannot be reached from the trigger' }]);
    expect((await getWorkflow(adminA, w.id, fx.t.db)).publishedVersion).toBeNull();
  });

  it('refuses to publish a webhook aimed at an internal IP literal or localhost, naming the field (public-only default)', async () => {
    const before = process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = '0';
    resetEnvCache();
    try {
      const secret = await createWorkflowSecret(adminA, { name: 'Hook', value: 'a-very-long-secret-value' }, fx.t.db);
      const hookAt = def(secret.id).steps.findIndex((s) => s.type === 'webhook');
      for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:10.0.0.1]:8080/x', 'http://localhost:3000/x', 'http://2130706433/']) {
        const bad = { ...def(secret.id), steps: def(secret.id).steps.map((s) => (s.type === 'webhook' ? { ...s, url } : s)) };
        const w = await createWorkflow(adminA, { name: 'Internal', definition: bad }, fx.t.db);
        const err = await expectAppError(publishWorkflow(adminA, w.id, fx.t.db), 'validation_failed');
        expect(err.issues).toEqual([{ path: `steps.${hookAt}.url`, message: expect.stringMatching(/^Step "Post to webhook" \(hook\): url: .+ is not a public internet address/) }]);
      }
      const ok = await createWorkflow(adminA, { name: 'Public', definition: { ...def(secret.id), steps: def(secret.id).steps.map((s) => (s.type === 'webhook' ? { ...s, url: 'https://hooks.example.com/deal' } : s)) } }, fx.t.db);
      expect(await publishWorkflow(adminA, ok.id, fx.t.db)).toEqual({ version: 1 });
    } finally {
      if (before === undefined) delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
      else process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = before;
      resetEnvCache();
    }
  });

  it('publishes immutable, numbered versions', async () => {
    const secret = await createWorkflowSecret(adminA, { name: 'Hook', value: 'a-very-long-secret-value' }, fx.t.db);
    const w = await createWorkflow(adminA, { name: 'Versions', definition: def(secret.id) }, fx.t.db);
    expect(await publishWorkflow(adminA, w.id, fx.t.db)).toEqual({ version: 1 });
    expect(await publishWorkflow(adminA, w.id, fx.t.db)).toEqual({ version: 2 });
    expect((await getWorkflow(adminA, w.id, fx.t.db)).publishedVersion).toBe(2);
    // The app role may not rewrite a published version.
    await expect(rows(fx, TENANT_A, `UPDATE workflow_versions SET definition = '{}' WHERE workflow_id = $1`, [w.id])).rejects.toThrow(/permission denied/);
  });

  it('keeps secrets encrypted at rest and never returns them', async () => {
    const s = await createWorkflowSecret(adminA, { name: 'Signing', value: 'super-secret-signing-value' }, fx.t.db);
    const [stored] = await rows<{ sealed: string }>(fx, TENANT_A, 'SELECT sealed FROM workflow_secrets WHERE id = $1', [s.id]);
    expect(stored?.sealed).toMatch(/^v1\./);
    expect(stored?.sealed).not.toContain('super-secret');
    expect(await listWorkflowSecrets(adminA, fx.t.db)).toContainEqual({ id: s.id, name: 'Signing' });
    expect(await listWorkflowSecrets(adminB, fx.t.db)).toEqual([]);
  });

  it('isolates tenants: B cannot see, save, publish or test-run A\'s workflows', async () => {
    const w = await createWorkflow(adminA, { name: 'Private' }, fx.t.db);
    expect((await listWorkflows(adminB, fx.t.db)).map((x) => x.id)).not.toContain(w.id);
    await expectAppError(getWorkflow(adminB, w.id, fx.t.db), 'not_found');
    await expectAppError(saveDraft(adminB, w.id, { definition: w.draft, revision: 0 }, fx.t.db), 'not_found');
    await expectAppError(publishWorkflow(adminB, w.id, fx.t.db), 'not_found');
    await expectAppError(dryRunWorkflow(adminB, w.id, {}, fx.t.db), 'not_found');
  });
});

describe('dry run and run history', () => {
  it('test-runs a draft against a real record without side effects, then replays a past run', async () => {
    const secret = await createWorkflowSecret(adminA, { name: 'Hook2', value: 'another-long-secret-value' }, fx.t.db);
    const w = await createWorkflow(adminA, { name: 'Dry', definition: def(secret.id) }, fx.t.db);
    const deal = await writeDeal(fx, TENANT_A, { name: 'Dry deal', stageId: 'negotiation', amountCents: 7_000_000 });
    const changesBefore = (await rows(fx, TENANT_A, 'SELECT id FROM record_changes')).length;
    const result = await dryRunWorkflow(adminA, w.id, { recordId: deal }, fx.t.db);
    expect(result.triggerMatched).toBe(true);
    expect(result.steps.map((s) => [s.stepId, s.decision ?? null])).toEqual([['task', null], ['wait', null], ['still', 'yes'], ['hook', null]]);
    expect(result.steps[0]?.output).toMatchObject({ wouldCreate: 'task', subject: 'Review Dry deal in negotiation' });
    expect(result.steps[3]?.output).toMatchObject({ sent: false, wouldPost: `{"deal":"${deal}","name":"Dry deal"}` });
    expect(result.ended).toBe('completed');
    // Nothing written: no activity, no change, no run.
    expect(await rows(fx, TENANT_A, 'SELECT id FROM activities WHERE deal_id = $1', [deal])).toEqual([]);
    expect((await rows(fx, TENANT_A, 'SELECT id FROM record_changes')).length).toBe(changesBefore);
    expect(await listRuns(adminA, w.id, { limit: 50 }, fx.t.db)).toEqual([]);

    // Publish, trigger a real run, then replay its trigger input as a dry run.
    await publishWorkflow(adminA, w.id, fx.t.db);
    const d2 = await writeDeal(fx, TENANT_A, { name: 'Real', stageId: 'proposal', amountCents: 7_000_000 });
    await writeDeal(fx, TENANT_A, { id: d2, stageId: 'negotiation' });
    await drain(fx.engine);
    const [run] = await listRuns(adminA, w.id, { limit: 50 }, fx.t.db);
    expect(run?.status).toBe('waiting');
    const replay = await dryRunWorkflow(adminA, w.id, { replayRunId: run?.id }, fx.t.db);
    expect(replay.triggerMatched).toBe(true);
    expect(replay.steps[0]?.output).toMatchObject({ subject: 'Review Real in negotiation' });

    // History: filter by status, page, and the run's steps.
    expect(await listRuns(adminA, w.id, { status: 'failed', limit: 50 }, fx.t.db)).toEqual([]);
    const detail = await getRun(adminA, run?.id as string, fx.t.db);
    expect(detail.steps.map((s) => [s.stepId, s.status])).toEqual([['task', 'succeeded'], ['wait', 'succeeded']]);
    expect(detail.steps[1]?.output).toMatchObject({ until: expect.any(String) });
    await expectAppError(getRun(adminB, run?.id as string, fx.t.db), 'not_found');
    expect((await workflowHealth(adminA, 24, fx.t.db)).waiting).toBeGreaterThanOrEqual(1);
  });

  it('refuses a test run without a record when the trigger needs one', async () => {
    const w = await createWorkflow(adminA, { name: 'Needs record', definition: def('0190b000-0000-7000-8000-0000000000ff') }, fx.t.db);
    await expectAppError(dryRunWorkflow(adminA, w.id, {}, fx.t.db), 'validation_failed', /Choose a deals record/);
  });
});
