import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from './definition';
import { simulate } from './dry-run';
import { negotiationFollowUp } from './example-definitions';
import { sequenceAudit } from '../audit/sequence-audit';
import { WorkflowEngine } from './engine';
import { drain } from './runner';
import { DUE_NOW, TRIGGER_QUEUE } from './queue';
import type { TriggerJob } from './consume-changes';
import {
  ADMIN_A,
  MANAGER_A,
  REP_A,
  TENANT_A,
  TENANT_B,
  adminB,
  createEngineFixture,
  publish,
  rows,
  secret,
  startHookServer,
  writeDeal,
  type EngineFixture,
  type HookServer,
} from './testing';

// Runs on in-memory PGlite, and on real Postgres when DATABASE_URL is set (createTestDatabase).
const SECRET = 'whsec_test_0123456789abcdef';
const DAY = 24 * 3600_000;

type Run = { id: string; status: string; error: string | null; version: number; created_at: string; trigger_key: string };
type StepRow = { step_id: string; status: string; decision: string | null; attempt: number; error: string | null; input: Record<string, unknown> | null };

let fx: EngineFixture;
let hooks: HookServer;
let secretId: string;

beforeAll(async () => {
  fx = await createEngineFixture();
  hooks = await startHookServer(SECRET, fx.clock);
  secretId = await secret(fx, SECRET);
});
afterAll(async () => {
  await hooks.close();
  await fx.dispose();
});

async function runsOf(workflowId: string): Promise<Run[]> {
  return rows<Run>(fx, TENANT_A, 'SELECT id, status, error, version, created_at, trigger_key FROM workflow_runs WHERE workflow_id = $1 ORDER BY created_at, id', [workflowId]);
}
async function stepsOf(runId: string): Promise<StepRow[]> {
  return rows<StepRow>(fx, TENANT_A, 'SELECT step_id, status, decision, attempt, error, input FROM workflow_run_steps WHERE run_id = $1 ORDER BY seq', [runId]);
}
async function disable(id: string) {
  await fx.t.db.query('UPDATE workflows SET enabled = false WHERE id = $1', [id]);
}

describe('the issue example: negotiation follow-up', () => {
  let wf: string;
  beforeAll(async () => {
    wf = await publish(fx, negotiationFollowUp({ stageId: 'negotiation', managerId: MANAGER_A, secretId, url: hooks.url }));
  });
  afterAll(() => disable(wf));
  afterEach(() => {
    hooks.received.length = 0;
  });

  it('creates a task, waits two days by the clock, then posts a signed webhook (yes branch)', async () => {
    const deal = await writeDeal(fx, TENANT_A, { name: 'Big one', stageId: 'proposal', amountCents: 6_000_000 });
    await writeDeal(fx, TENANT_A, { id: deal, stageId: 'negotiation' });
    await drain(fx.engine);
    const [run] = await runsOf(wf);
    expect(run?.status).toBe('waiting');
    const tasks = await rows<{ subject: string; owner_id: string; deal_id: string; kind: string }>(fx, TENANT_A, `SELECT subject, owner_id, deal_id, kind FROM activities WHERE deal_id = $1`, [deal]);
    expect(tasks).toEqual([{ subject: 'Review Big one in negotiation', owner_id: MANAGER_A, deal_id: deal, kind: 'task' }]);
    expect(hooks.received).toHaveLength(0);

    await fx.advance(DAY); // one day: still waiting
    await drain(fx.engine);
    expect((await runsOf(wf))[0]?.status).toBe('waiting');

    await fx.advance(DAY + 1000);
    await drain(fx.engine);
    const done = (await runsOf(wf))[0] as Run;
    expect(done.status).toBe('succeeded');
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]?.validSignature).toBe(true);
    expect(JSON.parse(hooks.received[0]?.body ?? '')).toEqual({ deal, name: 'Big one' });
    const steps = await stepsOf(done.id);
    expect(steps.map((s) => [s.step_id, s.status, s.decision])).toEqual([
      ['task', 'succeeded', null],
      ['wait', 'succeeded', null],
      ['still', 'succeeded', 'yes'],
      ['hook', 'succeeded', null],
    ]);
  });

  it('takes the no branch when the deal moved during the wait', async () => {
    const deal = await writeDeal(fx, TENANT_A, { stageId: 'proposal', amountCents: 9_000_000 });
    await writeDeal(fx, TENANT_A, { id: deal, stageId: 'negotiation' });
    await drain(fx.engine);
    await writeDeal(fx, TENANT_A, { id: deal, stageId: 'won' });
    await fx.advance(2 * DAY + 1000);
    await drain(fx.engine);
    const run = (await runsOf(wf)).at(-1) as Run;
    expect(run.status).toBe('succeeded');
    expect((await stepsOf(run.id)).map((s) => [s.step_id, s.decision])).toEqual([['task', null], ['wait', null], ['still', 'no'], ['end', null]]);
    expect(hooks.received).toHaveLength(0);
  });

  it('does not trigger below the amount, on other fields, or on creation', async () => {
    const before = (await runsOf(wf)).length;
    const small = await writeDeal(fx, TENANT_A, { stageId: 'proposal', amountCents: 100 });
    await writeDeal(fx, TENANT_A, { id: small, stageId: 'negotiation' });
    await writeDeal(fx, TENANT_A, { stageId: 'negotiation', amountCents: 9_000_000 }); // create, not update
    const big = await writeDeal(fx, TENANT_A, { stageId: 'negotiation', amountCents: 9_000_000 });
    await writeDeal(fx, TENANT_A, { id: big, name: 'Renamed' }); // stage did not change
    await drain(fx.engine);
    expect((await runsOf(wf)).length).toBe(before);
  });

  it('never triggers on another tenant\'s changes', async () => {
    const before = (await runsOf(wf)).length;
    const deal = await writeDeal(fx, TENANT_B, { stageId: 'proposal', amountCents: 9_000_000 });
    await writeDeal(fx, TENANT_B, { id: deal, stageId: 'negotiation' });
    await drain(fx.engine);
    expect((await runsOf(wf)).length).toBe(before);
    expect(await rows(fx, TENANT_B, 'SELECT id FROM workflow_runs')).toEqual([]);
  });
});

function oneStep(step: WorkflowDefinition['steps'][number], trigger?: WorkflowDefinition['trigger']): WorkflowDefinition {
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    trigger: trigger ?? { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed_to', value: step.id }] } },
    steps: [step],
    edges: [{ id: 'e0', source: 'trigger', target: step.id }],
  };
}

async function moveDealTo(stage: string, tenant = TENANT_A): Promise<string> {
  const deal = await writeDeal(fx, tenant, { stageId: 'lead', amountCents: 1, ownerId: REP_A });
  await writeDeal(fx, tenant, { id: deal, stageId: stage });
  return deal;
}

describe('retries, timeouts and failure', () => {
  afterEach(() => {
    hooks.received.length = 0;
    hooks.script.length = 0;
  });

  it('retries a failing webhook with exponential backoff and the same idempotency key', async () => {
    const wf = await publish(fx, oneStep({ id: 'retry', name: 'Hook', type: 'webhook', url: hooks.url, secretId, timeoutMs: 2000 }));
    hooks.script.push(500, 503);
    await moveDealTo('retry');
    await drain(fx.engine);
    let run = (await runsOf(wf))[0] as Run;
    expect(run.status).toBe('waiting');
    expect(hooks.received).toHaveLength(1);
    await fx.advance(999); // base delay is 1000 ms: not yet
    await drain(fx.engine);
    expect(hooks.received).toHaveLength(1);
    await fx.advance(1);
    await drain(fx.engine);
    expect(hooks.received).toHaveLength(2);
    await fx.advance(1999); // second delay doubles to 2000 ms
    await drain(fx.engine);
    expect(hooks.received).toHaveLength(2);
    await fx.advance(1);
    await drain(fx.engine);
    run = (await runsOf(wf))[0] as Run;
    expect(run.status).toBe('succeeded');
    expect(hooks.received).toHaveLength(3);
    expect(hooks.effects()).toBe(1);
    const steps = await stepsOf(run.id);
    expect(steps.map((s) => [s.status, s.attempt])).toEqual([['retrying', 1], ['retrying', 2], ['succeeded', 3]]);
    expect(steps[0]?.error).toBe('the receiver answered HTTP 500');
    await disable(wf);
  });

  // Creates its own database (slow on a busy machine), hence the longer timeout.
  it('times a hanging webhook out, and fails for good after the last attempt, notifying the owner', { timeout: 120_000 }, async () => {
    // A receiver that never answers the first two requests (only the abort ends them), then
    // answers at once: in-process, so a busy CI machine cannot turn the final success into a timeout.
    let calls = 0;
    const fakeFetch = ((_url: string, init: RequestInit) => {
      calls += 1;
      if (calls > 2) return Promise.resolve(new Response(null, { status: 204 }));
      return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }) as typeof fetch;
    const fx2 = await createEngineFixture({ maxAttempts: 2, fetch: fakeFetch });
    try {
      const sid = await secret(fx2, SECRET);
      const wf = await publish(fx2, oneStep({ id: 'hang', name: 'Slow hook', type: 'webhook', url: hooks.url, secretId: sid, timeoutMs: 300 }));
      const deal = await writeDeal(fx2, TENANT_A, { stageId: 'lead' });
      await writeDeal(fx2, TENANT_A, { id: deal, stageId: 'hang' });
      await drain(fx2.engine);
      await fx2.advance(1000);
      await drain(fx2.engine);
      const [run] = await rows<Run>(fx2, TENANT_A, 'SELECT id, status, error FROM workflow_runs WHERE workflow_id = $1', [wf]);
      expect(run?.status).toBe('failed');
      expect(run?.error).toBe('Slow hook: no answer within 300 ms (step timeout)');
      const notes = await rows<{ user_id: string; kind: string; title: string; body: string }>(fx2, TENANT_A, 'SELECT user_id, kind, title, body FROM notifications');
      expect(notes).toEqual([{ user_id: ADMIN_A, kind: 'workflow_failed', title: 'Workflow "Test flow" failed', body: run?.error }]);

      // A failed run can be retried from the failed step.
      expect(await fx2.engine.retryRun(TENANT_A, run?.id as string)).toBe(true);
      await drain(fx2.engine);
      const [again] = await rows<Run>(fx2, TENANT_A, 'SELECT status FROM workflow_runs WHERE id = $1', [run?.id]);
      const last = (await rows<{ status: string; error: string | null }>(fx2, TENANT_A, 'SELECT status, error FROM workflow_run_steps ORDER BY seq DESC LIMIT 1'))[0];
      expect(last).toEqual({ status: 'succeeded', error: null });
      expect(again?.status).toBe('succeeded');
      expect(calls).toBe(3);
      expect(await fx2.engine.retryRun(TENANT_A, run?.id as string)).toBe(false);
    } finally {
      await fx2.dispose();
    }
  });

  it('does not retry a refused request (4xx) or a missing secret', async () => {
    const wf = await publish(fx, oneStep({ id: 'refused', name: 'Refused', type: 'webhook', url: hooks.url, secretId, timeoutMs: 2000 }));
    hooks.script.push(410);
    await moveDealTo('refused');
    await drain(fx.engine);
    const [run] = await runsOf(wf);
    expect(run?.status).toBe('failed');
    expect(run?.error).toBe('Refused: the receiver answered HTTP 410');
    expect(hooks.received).toHaveLength(1);
    await disable(wf);
  });
});

describe('webhook targets and bodies (issue 13)', () => {
  afterEach(() => {
    hooks.received.length = 0;
  });

  it('the production engine refuses a loopback receiver before connecting; open and closed ports fail alike', async () => {
    const strict = new WorkflowEngine({ db: fx.t.db, boss: fx.boss, clock: fx.clock, retryBaseMs: 1000, retryMaxMs: 60_000, allowPrivateTargets: false });
    const closed = `http://127.0.0.1:${new URL(hooks.url).port === '9' ? 10 : 9}/hook`; // the discard port: nothing listens
    const openFlow = await publish(fx, oneStep({ id: 'to-open', name: 'Hook', type: 'webhook', url: hooks.url, secretId, timeoutMs: 2000 }));
    const closedFlow = await publish(fx, oneStep({ id: 'to-closed', name: 'Hook', type: 'webhook', url: closed, secretId, timeoutMs: 2000 }));
    await moveDealTo('to-open');
    await moveDealTo('to-closed');
    await drain(strict);
    const [a] = await runsOf(openFlow);
    const [b] = await runsOf(closedFlow);
    // Failed for good at once (no retries), with one reason that says nothing about the port.
    expect(a).toMatchObject({ status: 'failed', error: 'Hook: the target is not a public internet address (private, loopback, link-local and similar addresses, and names that do not resolve, are refused)' });
    expect(b?.status).toBe('failed');
    expect(b?.error).toBe(a?.error);
    expect((await stepsOf(a?.id as string)).map((s) => [s.status, s.attempt])).toEqual([['failed', 1]]);
    expect(hooks.received).toHaveLength(0);
    await disable(openFlow);
    await disable(closedFlow);
  });

  it('fills the body template as data: a record value cannot add fields to the signed body', async () => {
    const body = '{"deal":"{{record.name}}","amount":"{{record.amountCents}}","note":"Deal {{record.name}} by {{workflow.name}}","approved":false}';
    const wf = await publish(fx, oneStep({ id: 'inject', name: 'Hook', type: 'webhook', url: hooks.url, secretId, timeoutMs: 2000, body }));
    const evil = 'Big deal","approved":true,"x":"';
    const deal = await writeDeal(fx, TENANT_A, { name: evil, stageId: 'lead', amountCents: 6_000_000 });
    await writeDeal(fx, TENANT_A, { id: deal, stageId: 'inject' });
    await drain(fx.engine);
    expect((await runsOf(wf))[0]?.status).toBe('succeeded');
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]?.validSignature).toBe(true);
    expect(JSON.parse(hooks.received[0]?.body ?? '')).toEqual({ deal: evil, amount: 6_000_000, note: `Deal ${evil} by Test flow`, approved: false });
    await disable(wf);
  });

  it('a body with bare placeholders (valid before bodies were built as data) still runs: numbers stay numbers, text stays one string', async () => {
    const body = '{"deal": {{record.name}}, "amount": {{ record.amountCents }}, "approved": false}';
    const wf = await publish(fx, oneStep({ id: 'bare', name: 'Hook', type: 'webhook', url: hooks.url, secretId, timeoutMs: 2000, body }));
    const evil = 'Big deal","approved":true,"x":"';
    const deal = await writeDeal(fx, TENANT_A, { name: evil, stageId: 'lead', amountCents: 6_000_000 });
    await writeDeal(fx, TENANT_A, { id: deal, stageId: 'bare' });
    await drain(fx.engine);
    expect((await runsOf(wf))[0]?.status).toBe('succeeded');
    expect(JSON.parse(hooks.received[0]?.body ?? '')).toEqual({ deal: evil, amount: 6_000_000, approved: false });
    await disable(wf);
  });

  it('without a body template, a real run sends the shape the dry-run shows', async () => {
    const def = oneStep({ id: 'plain', name: 'Hook', type: 'webhook', url: hooks.url, secretId, timeoutMs: 2000 });
    const wf = await publish(fx, def);
    await moveDealTo('plain');
    await drain(fx.engine);
    const [run] = await runsOf(wf);
    const sent = JSON.parse(hooks.received[0]?.body ?? '{}') as { workflowId: string; runId: string; record: { id: string } };
    expect(sent).toMatchObject({ workflowId: wf, runId: run?.id, record: { stageId: 'plain' } });
    const shown = JSON.parse(String((simulate(def, { record: sent.record, before: null, changedFields: [] }).steps[0]?.output as { wouldPost: string }).wouldPost)) as Record<string, unknown>;
    expect(Object.keys(shown).sort()).toEqual(Object.keys(sent).sort());
    expect(shown.record).toEqual(sent.record);
    await disable(wf);
  });
});

describe('idempotency, ordering and loop protection', () => {
  it('a job delivered twice (or run concurrently) applies each step once', async () => {
    const wf = await publish(fx, oneStep({ id: 'dup', name: 'Task', type: 'create_record', kind: 'task', subject: 'Call {{record.name}}', assignee: { type: 'record_owner' } }));
    const deal = await moveDealTo('dup');
    await drain(fx.engine);
    const [run] = await runsOf(wf);
    // Redeliver the same job twice more, concurrently: the run row lock and the step pointer make them no-ops.
    await Promise.all([fx.engine.advance({ tenantId: TENANT_A, runId: run?.id as string }), fx.engine.advance({ tenantId: TENANT_A, runId: run?.id as string })]);
    const tasks = await rows(fx, TENANT_A, 'SELECT id FROM activities WHERE deal_id = $1', [deal]);
    expect(tasks).toHaveLength(1);
    expect(await stepsOf(run?.id as string)).toHaveLength(1);
    await disable(wf);
  });

  it('a change consumed twice makes one run', async () => {
    const wf = await publish(fx, oneStep({ id: 'twice', name: 'Note', type: 'notify', recipient: { type: 'workflow_owner' }, message: 'moved' }));
    await moveDealTo('twice');
    const [change] = await rows<{ id: number }>(fx, TENANT_A, 'SELECT id FROM record_changes ORDER BY id DESC LIMIT 1');
    await drain(fx.engine);
    // The trigger job delivered again (a worker died after the runs committed, before completing it).
    await fx.boss.send(TRIGGER_QUEUE, { tenantId: TENANT_A, collection: 'deals', changeIds: [change!.id] } satisfies TriggerJob, { startAfter: DUE_NOW });
    expect((await drain(fx.engine)).jobs).toBe(1);
    expect(await runsOf(wf)).toHaveLength(1);
    await disable(wf);
  });

  it('a workflow\'s own update does not retrigger it, and chains of workflows stop', async () => {
    // Self-trigger: "when a deal's amount changes, add 1 to... " modelled as setting a field its own filter watches.
    const self = await publish(fx, {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed' }] } },
      steps: [{ id: 'u', name: 'Bounce stage', type: 'update_record', set: [{ field: 'stageId', value: 'bounced' }] }],
      edges: [{ id: 'e', source: 'trigger', target: 'u' }],
    });
    const deal = await moveDealTo('ping');
    await drain(fx.engine);
    expect(await runsOf(self)).toHaveLength(1);
    const [d] = await rows<{ stage_id: string }>(fx, TENANT_A, 'SELECT stage_id FROM deals WHERE id = $1', [deal]);
    expect(d?.stage_id).toBe('bounced');
    const [change] = await rows<{ source: string; workflow_id: string }>(fx, TENANT_A, `SELECT source, workflow_id FROM record_changes WHERE record_id = $1 ORDER BY id DESC LIMIT 1`, [deal]);
    expect(change).toEqual({ source: 'workflow', workflow_id: self });
    // Audited as the workflow's change, with the field's value before and after.
    await sequenceAudit(TENANT_A, fx.t.db); // sequence before read
    const [audited] = await rows<{ data: { source: string; workflowId: string }; changes: unknown }>(
      fx,
      TENANT_A,
      `SELECT a.data, v.changes FROM audit_log a JOIN audit_values v USING (tenant_id, seq) WHERE a.target_id = $1 ORDER BY a.seq DESC LIMIT 1`,
      [deal],
    );
    expect(audited).toMatchObject({ data: { source: 'workflow', workflowId: self }, changes: { stageId: { before: 'ping', after: 'bounced' } } });

    await disable(self);

    // Two workflows bouncing a deal between stages: A (ping -> pong), B (pong -> ping).
    const bounce = (from: string, to: string): WorkflowDefinition => ({
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed_to', value: from }] } },
      steps: [{ id: 'u', name: `To ${to}`, type: 'update_record', set: [{ field: 'stageId', value: to }] }],
      edges: [{ id: 'e', source: 'trigger', target: 'u' }],
    });
    const a = await publish(fx, bounce('ping', 'pong'));
    const b = await publish(fx, bounce('pong', 'ping'));
    await writeDeal(fx, TENANT_A, { id: deal, stageId: 'ping' });
    const result = await drain(fx.engine);
    // A person's change starts the chain at depth 0; runs at depths 0..maxChainDepth, then it stops.
    const depth = fx.engine.settings.maxChainDepth;
    expect(result.runsCreated).toBe(depth + 1);
    expect((await runsOf(a)).length + (await runsOf(b)).length).toBe(depth + 1);
    const [last] = await rows<{ chain_depth: number }>(fx, TENANT_A, 'SELECT max(chain_depth) AS chain_depth FROM workflow_runs WHERE workflow_id IN ($1, $2)', [a, b]);
    expect(last?.chain_depth).toBe(depth);
    await disable(a);
    await disable(b);
  });
});

describe('waits, cancellation and versions', () => {
  it('a cancelled waiting run never resumes', async () => {
    const wf = await publish(fx, {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed_to', value: 'cancel-me' }] } },
      steps: [
        { id: 'w', name: 'Wait', type: 'wait', wait: { mode: 'duration', seconds: 60 } },
        { id: 'u', name: 'Mark', type: 'update_record', set: [{ field: 'status', value: 'lost' }] },
      ],
      edges: [{ id: 'e0', source: 'trigger', target: 'w' }, { id: 'e1', source: 'w', target: 'u' }],
    });
    const deal = await moveDealTo('cancel-me');
    await drain(fx.engine);
    const [run] = await runsOf(wf);
    expect(await fx.engine.cancelRun(TENANT_A, run?.id as string)).toBe(true);
    expect(await fx.engine.cancelRun(TENANT_B, run?.id as string)).toBe(false);
    await fx.advance(120_000);
    await drain(fx.engine);
    expect((await runsOf(wf))[0]?.status).toBe('cancelled');
    expect((await rows<{ status: string }>(fx, TENANT_A, 'SELECT status FROM deals WHERE id = $1', [deal]))[0]?.status).toBe('open');
    await disable(wf);
  });

  it('waits until a date field, and runs started on v1 finish on v1 after v2 is published', async () => {
    const v1: WorkflowDefinition = {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'record', collection: 'deals', events: ['update'], filter: { combinator: 'and', conditions: [{ field: 'stageId', op: 'changed_to', value: 'dated' }] } },
      steps: [
        { id: 'w', name: 'Until close', type: 'wait', wait: { mode: 'until_field', field: 'closeDate', offsetSeconds: 0 } },
        { id: 'n', name: 'Say v1', type: 'notify', recipient: { type: 'user', userId: MANAGER_A }, message: 'v1' },
      ],
      edges: [{ id: 'e0', source: 'trigger', target: 'w' }, { id: 'e1', source: 'w', target: 'n' }],
    };
    const wf = await publish(fx, v1);
    const deal = await writeDeal(fx, TENANT_A, { stageId: 'lead', closeDate: '2026-12-01' });
    await writeDeal(fx, TENANT_A, { id: deal, stageId: 'dated' });
    await drain(fx.engine);
    // Publish v2 while v1's run waits.
    const { saveDraft, publishWorkflow, getWorkflow } = await import('./manage-workflows');
    const ctx = { userId: ADMIN_A, tenantId: TENANT_A, role: 'admin' as const };
    const current = await getWorkflow(ctx, wf, fx.t.db);
    const v2 = structuredClone(v1);
    (v2.steps[1] as { message: string }).message = 'v2';
    await saveDraft(ctx, wf, { definition: v2, revision: current.draftRevision }, fx.t.db);
    expect(await publishWorkflow(ctx, wf, fx.t.db)).toEqual({ version: 2 });
    const until = Date.parse('2026-12-01T00:00:00Z') - fx.clock.now().getTime();
    await fx.advance(until - 1000);
    await drain(fx.engine);
    expect((await runsOf(wf))[0]?.status).toBe('waiting');
    await fx.advance(1000);
    await drain(fx.engine);
    const [run] = await runsOf(wf);
    expect(run).toMatchObject({ status: 'succeeded', version: 1 });
    const [note] = await rows<{ body: string }>(fx, TENANT_A, `SELECT body FROM notifications WHERE link LIKE '%' || $1::text`, [run?.id]);
    expect(note?.body).toBe('v1');
    await disable(wf);
  });

  it('assigns owners round robin across the team', async () => {
    const wf = await publish(fx, oneStep({ id: 'rr', name: 'Round robin', type: 'assign_owner', strategy: 'round_robin', userIds: [MANAGER_A, REP_A] }));
    const deals = [await moveDealTo('rr'), await moveDealTo('rr'), await moveDealTo('rr')];
    await drain(fx.engine);
    const owners = await rows<{ id: string; owner_id: string }>(fx, TENANT_A, 'SELECT id, owner_id FROM deals WHERE id = ANY($1::uuid[])', [deals]);
    const byId = new Map(owners.map((o) => [o.id, o.owner_id]));
    expect(deals.map((d) => byId.get(d))).toEqual([MANAGER_A, REP_A, MANAGER_A]);
    await disable(wf);
  });

  it('stops a run at the step limit (loop protection inside a run)', { timeout: 120_000 }, async () => {
    const fx3 = await createEngineFixture({ maxStepsPerRun: 1 });
    try {
      const wf = await publish(fx3, {
        schemaVersion: WORKFLOW_SCHEMA_VERSION,
        trigger: { type: 'manual', collection: 'deals' },
        steps: [
          { id: 'a', name: 'A', type: 'notify', recipient: { type: 'workflow_owner' }, message: 'a' },
          { id: 'b', name: 'B', type: 'notify', recipient: { type: 'workflow_owner' }, message: 'b' },
        ],
        edges: [{ id: 'e0', source: 'trigger', target: 'a' }, { id: 'e1', source: 'a', target: 'b' }],
      });
      const { startRun } = await import('./start-run');
      const deal = await writeDeal(fx3, TENANT_A, { name: 'x' });
      const runId = await startRun(fx3.engine, { tenantId: TENANT_A }, wf, { recordId: deal });
      await drain(fx3.engine);
      const [run] = await rows<Run>(fx3, TENANT_A, 'SELECT status, error FROM workflow_runs WHERE id = $1', [runId]);
      expect(run).toMatchObject({ status: 'failed', error: 'loop protection: the run reached 1 steps' });
    } finally {
      await fx3.dispose();
    }
  });

  it('hides runs from other tenants (RLS)', async () => {
    expect(await rows(fx, adminB.tenantId, 'SELECT id FROM workflow_runs')).toEqual([]);
    expect(await rows(fx, adminB.tenantId, 'SELECT id FROM workflows')).toEqual([]);
    expect((await rows(fx, TENANT_A, 'SELECT id FROM workflow_runs')).length).toBeGreaterThan(5);
    // The engine's queue is closed to the app role altogether: record writes queue their
    // triggers through a SECURITY DEFINER function.
    await expect(rows(fx, TENANT_A, 'SELECT * FROM pgboss.job')).rejects.toThrow(/permission denied/);
  });
});
