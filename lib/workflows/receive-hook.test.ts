import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from './definition';
import { setWorkflowEnabled, getWorkflow } from './manage-workflows';
import { receiveHook, rotateHookSecret } from './receive-hook';
import { drain } from './runner';
import { ADMIN_A, ADMIN_B, TENANT_A, TENANT_B, adminA, adminB, createEngineFixture, publish, rows, type EngineFixture } from './testing';
import { signPayload } from './webhook-delivery';

// Runs on in-memory PGlite, and on real Postgres when DATABASE_URL is set (createTestDatabase).

function hooked(userId = ADMIN_A): WorkflowDefinition {
  return {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    trigger: { type: 'webhook' },
    steps: [{ id: 'ping', name: 'Tell someone', type: 'notify', recipient: { type: 'user', userId }, message: 'An order came in' }],
    edges: [{ id: 'e1', source: 'trigger', target: 'ping' }],
  };
}

type Run = { id: string; status: string; trigger: { input: unknown }; trigger_type: string };

let fx: EngineFixture;
let flowA: string;
let secretA: string;
let flowB: string;
let secretB: string;
const now = () => Math.floor(fx.clock.now().getTime() / 1000);
const sign = (secret: string, body: string, t = now()) => signPayload(secret, body, t);

beforeAll(async () => {
  fx = await createEngineFixture();
  flowA = await publish(fx, hooked(), adminA, 'Hook A');
  secretA = (await rotateHookSecret(adminA, flowA, fx.t.db)).secret;
  flowB = await publish(fx, hooked(ADMIN_B), adminB, 'Hook B');
  secretB = (await rotateHookSecret(adminB, flowB, fx.t.db)).secret;
});
afterAll(async () => {
  await fx.dispose();
});

describe('incoming webhook trigger', () => {
  it('starts a run of the published version with the body as input; the run executes', async () => {
    const body = JSON.stringify({ order: 'A-1', total: 12 });
    const { runId } = await receiveHook(fx.engine, flowA, body, sign(secretA, body));
    await drain(fx.engine);
    const [run] = await rows<Run>(fx, TENANT_A, 'SELECT id, status, trigger, trigger_type FROM workflow_runs WHERE id = $1', [runId]);
    expect(run).toMatchObject({ status: 'succeeded', trigger_type: 'webhook', trigger: { input: { order: 'A-1', total: 12 } } });
    expect((await getWorkflow(adminA, flowA, fx.t.db)).hookSecretSet).toBe(true);
  });

  it('refuses a missing, wrong or tampered signature with 401', async () => {
    const body = JSON.stringify({ order: 'A-2' });
    await expect(receiveHook(fx.engine, flowA, body, null)).rejects.toMatchObject({ status: 401 });
    await expect(receiveHook(fx.engine, flowA, body, 'garbage')).rejects.toMatchObject({ status: 401 });
    await expect(receiveHook(fx.engine, flowA, body, sign('whsec_not_the_secret_at_all', body))).rejects.toMatchObject({ status: 401 });
    await expect(receiveHook(fx.engine, flowA, JSON.stringify({ order: 'A-3' }), sign(secretA, body))).rejects.toMatchObject({ status: 401 });
  });

  it('refuses replays: an old timestamp is 401, the same signed request twice starts one run', async () => {
    const body = JSON.stringify({ order: 'A-4' });
    await expect(receiveHook(fx.engine, flowA, body, sign(secretA, body, now() - 301))).rejects.toMatchObject({ status: 401 });
    const signature = sign(secretA, body);
    await receiveHook(fx.engine, flowA, body, signature);
    await expect(receiveHook(fx.engine, flowA, body, signature)).rejects.toMatchObject({ status: 409 });
    const runs = await rows(fx, TENANT_A, "SELECT 1 FROM workflow_runs WHERE workflow_id = $1 AND trigger->'input'->>'order' = 'A-4'", [flowA]);
    expect(runs).toHaveLength(1);
  });

  it('one signed request starts one run however its signature is spelled (issue 13: upper-case hex ran it 3 times)', async () => {
    const body = JSON.stringify({ order: 'A-4b' });
    const t = now();
    const signature = sign(secretA, body, t);
    const hex = signature.split('v1=')[1] as string;
    await receiveHook(fx.engine, flowA, body, signature);
    const respellings = [
      `t=${t},v1=${hex.toUpperCase()}`,
      `t=${t},V1=${hex}`,
      `t=${t},v1=sha256=${hex}`,
      `t=${t},v1=${Buffer.from(hex, 'hex').toString('base64')}`,
      `t=${t}, v1=${hex}`,
      ` t=${t},v1=${hex}`,
      `t=${t},v1=${hex} `,
      `t=${t},v1=${hex}00`,
      `t=${t},v1=${hex}zz`,
      `t=${t},v1=${hex},v1=${hex}`,
      `v1=${hex},t=${t}`,
      `t=0${t},v1=${hex}`,
      `t=${t}.0,v1=${hex}`,
    ];
    for (const header of respellings) {
      // Not one accepted form but the canonical one: 401, and no second run.
      await expect(receiveHook(fx.engine, flowA, body, header), header).rejects.toMatchObject({ status: 401 });
    }
    await expect(receiveHook(fx.engine, flowA, body, signature)).rejects.toMatchObject({ status: 409 });
    const runs = await rows(fx, TENANT_A, "SELECT 1 FROM workflow_runs WHERE workflow_id = $1 AND trigger->'input'->>'order' = 'A-4b'", [flowA]);
    expect(runs).toHaveLength(1);
  });

  it('checks the id, the secret and the signature header before reading the body', async () => {
    let reads = 0;
    const body = async () => {
      reads += 1;
      return '{}';
    };
    await expect(receiveHook(fx.engine, uuidv7(), body, sign(secretA, '{}'))).rejects.toMatchObject({ status: 404 });
    const noSecret = await publish(fx, hooked(), adminA, 'No secret yet');
    await expect(receiveHook(fx.engine, noSecret, body, sign(secretA, '{}'))).rejects.toMatchObject({ status: 404 });
    await expect(receiveHook(fx.engine, flowA, body, null)).rejects.toMatchObject({ status: 401 });
    await expect(receiveHook(fx.engine, flowA, body, 't=1,v1=00')).rejects.toMatchObject({ status: 401 });
    await expect(receiveHook(fx.engine, flowA, body, sign(secretA, '{}', now() - 301))).rejects.toMatchObject({ status: 401 });
    expect(reads).toBe(0);
    await expect(receiveHook(fx.engine, flowA, body, sign(secretA, '{}'))).resolves.toHaveProperty('runId');
    expect(reads).toBe(1);
  });

  it('a rotated secret replaces the old one', async () => {
    const old = secretA;
    secretA = (await rotateHookSecret(adminA, flowA, fx.t.db)).secret;
    const body = JSON.stringify({ order: 'A-5' });
    await expect(receiveHook(fx.engine, flowA, body, sign(old, body))).rejects.toMatchObject({ status: 401 });
    await expect(receiveHook(fx.engine, flowA, body, sign(secretA, body))).resolves.toHaveProperty('runId');
  });

  it("one tenant's secret cannot start another tenant's workflow; runs land in the workflow's own tenant", async () => {
    const body = JSON.stringify({ order: 'B-1' });
    await expect(receiveHook(fx.engine, flowB, body, sign(secretA, body))).rejects.toMatchObject({ status: 401 });
    const { runId } = await receiveHook(fx.engine, flowB, body, sign(secretB, body));
    expect(await rows(fx, TENANT_A, 'SELECT 1 FROM workflow_runs WHERE id = $1', [runId])).toHaveLength(0);
    expect(await rows(fx, TENANT_B, 'SELECT 1 FROM workflow_runs WHERE id = $1', [runId])).toHaveLength(1);
    // Tenant A cannot set the secret of B's workflow by guessing its id.
    await expect(rotateHookSecret(adminA, flowB, fx.t.db)).rejects.toMatchObject({ status: 404 });
  });

  it('404 for unknown ids, workflows without a webhook trigger, unpublished, turned off or without a secret', async () => {
    const body = '{}';
    await expect(receiveHook(fx.engine, uuidv7(), body, sign(secretA, body))).rejects.toMatchObject({ status: 404 });
    const manual = await publish(fx, { ...hooked(), trigger: { type: 'manual' } }, adminA, 'Manual');
    const manualSecret = (await rotateHookSecret(adminA, manual, fx.t.db)).secret;
    await expect(receiveHook(fx.engine, manual, body, sign(manualSecret, body))).rejects.toMatchObject({ status: 404 });
    const noSecret = await publish(fx, hooked(), adminA, 'No secret');
    await expect(receiveHook(fx.engine, noSecret, body, sign(secretA, body))).rejects.toMatchObject({ status: 404 });
    await setWorkflowEnabled(adminA, flowA, false, fx.t.db);
    await expect(receiveHook(fx.engine, flowA, body, sign(secretA, body))).rejects.toMatchObject({ status: 404 });
    await setWorkflowEnabled(adminA, flowA, true, fx.t.db);
  });

  it('refuses bodies that are not one JSON object (400 malformed, 422 wrong shape)', async () => {
    await expect(receiveHook(fx.engine, flowA, '{nope', sign(secretA, '{nope'))).rejects.toMatchObject({ status: 400 });
    await expect(receiveHook(fx.engine, flowA, '[1,2]', sign(secretA, '[1,2]'))).rejects.toMatchObject({ status: 422 });
  });

  it('429 once a workflow is over its per-minute delivery quota, with Retry-After', async () => {
    const flow = await publish(fx, hooked(), adminA, 'Limited');
    const secret = (await rotateHookSecret(adminA, flow, fx.t.db)).secret;
    const send = (n: number) => {
      const body = JSON.stringify({ n });
      return receiveHook(fx.engine, flow, body, sign(secret, body), 2);
    };
    await send(1);
    await send(2);
    await expect(send(3)).rejects.toMatchObject({ status: 429, headers: { 'Retry-After': expect.stringMatching(/^\d+$/) } });
  });

  it('the app role cannot read the hook routes', async () => {
    await expect(rows(fx, TENANT_A, 'SELECT * FROM workflow_hook_routes')).rejects.toThrow(/permission denied/);
  });
});
