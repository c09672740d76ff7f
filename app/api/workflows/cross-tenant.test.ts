import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { SessionContext } from '@/lib/auth/session-context';
import { seedAuthFixture, type Fixture } from '@/lib/auth/testing-fixtures';
import { requestAs } from '@/lib/auth/testing-session';
import { setDb } from '@/lib/db/open-database';
import { WORKFLOW_SCHEMA_VERSION, type WorkflowDefinition } from '@/lib/workflows/definition';
import { createWorkflow, publishWorkflow, saveDraft } from '@/lib/workflows/manage-workflows';
import { getWorkflowEngine } from '@/lib/workflows/start-workers';
import { createEngineFixture, type EngineFixture } from '@/lib/workflows/testing';
import * as one from './[id]/route';
import * as dryRun from './[id]/dry-run/route';
import * as hookSecret from './[id]/hook-secret/route';
import * as publish from './[id]/publish/route';
import * as runs from './[id]/runs/route';
import * as run from './runs/[runId]/route';
import * as cancel from './runs/[runId]/cancel/route';
import * as retry from './runs/[runId]/retry/route';

// Every per-id workflow route, called through the real withSession with real session cookies:
// another tenant's id answers exactly like an id that does not exist (404, same body), never
// 200 with an empty answer. Issue 13: GET /runs answered 200 [] for another tenant's workflow.

let fx: EngineFixture;
let f: Fixture;
let workflowId: string;
let runId: string;

function as(userId: string, tenantId: string, url: string, init: { method?: string; body?: unknown } = {}): Promise<Request> {
  return requestAs({ userId, tenantId }, `http://localhost${url}`, { method: init.method, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}
const p = <T extends Record<string, string>>(v: T) => ({ params: Promise.resolve(v) });

beforeAll(async () => {
  fx = await createEngineFixture();
  setDb(fx.t.db);
  await getWorkflowEngine(fx.t.db);
  f = await seedAuthFixture(fx.t.db);
  const acmeAdmin: SessionContext = { userId: f.users.admin.id, tenantId: f.tenants.acme, role: 'admin' };
  const w = await createWorkflow(acmeAdmin, { name: 'Acme only' }, fx.t.db);
  const definition: WorkflowDefinition = {
    schemaVersion: WORKFLOW_SCHEMA_VERSION,
    trigger: { type: 'manual' },
    steps: [{ id: 'end', name: 'End', type: 'stop' }],
    edges: [{ id: 'e0', source: 'trigger', target: 'end' }],
  };
  await saveDraft(acmeAdmin, w.id, { definition, revision: w.draftRevision }, fx.t.db);
  await publishWorkflow(acmeAdmin, w.id, fx.t.db);
  workflowId = w.id;
  const started = await runs.POST(await as(f.users.admin.id, f.tenants.acme, `/api/workflows/${w.id}/runs`, { method: 'POST', body: {} }), p({ id: w.id }));
  expect(started.status).toBe(201);
  runId = ((await started.json()) as { runId: string }).runId;
});
afterAll(async () => {
  const engine = await getWorkflowEngine();
  await engine.boss.stop({ graceful: false, wait: true, close: false });
  setDb(undefined);
  await fx.dispose();
});

describe("another tenant's workflow and run ids (real sessions)", () => {
  it('the owning tenant sees its run history', async () => {
    const res = await runs.GET(await as(f.users.admin.id, f.tenants.acme, `/api/workflows/${workflowId}/runs`), p({ id: workflowId }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { runs: { id: string }[] }).runs.map((r) => r.id)).toEqual([runId]);
  });

  it('every per-id route answers 404, the same as for an id that does not exist', async () => {
    const admin = f.users.globexAdmin.id;
    const tenant = f.tenants.globex;
    const missingWorkflow = uuidv7();
    const missingRun = uuidv7();
    const byWorkflow = async (id: string) => [
      ['GET /workflows/:id', await one.GET(await as(admin, tenant, `/api/workflows/${id}`), p({ id }))],
      ['PUT /workflows/:id', await one.PUT(await as(admin, tenant, `/api/workflows/${id}`, { method: 'PUT', body: { definition: { schemaVersion: 2, trigger: { type: 'manual' }, steps: [], edges: [] }, revision: 1 } }), p({ id }))],
      ['POST /workflows/:id/publish', await publish.POST(await as(admin, tenant, `/api/workflows/${id}/publish`, { method: 'POST' }), p({ id }))],
      ['POST /workflows/:id/dry-run', await dryRun.POST(await as(admin, tenant, `/api/workflows/${id}/dry-run`, { method: 'POST', body: {} }), p({ id }))],
      ['POST /workflows/:id/hook-secret', await hookSecret.POST(await as(admin, tenant, `/api/workflows/${id}/hook-secret`, { method: 'POST' }), p({ id }))],
      ['GET /workflows/:id/runs', await runs.GET(await as(admin, tenant, `/api/workflows/${id}/runs`), p({ id }))],
      ['POST /workflows/:id/runs', await runs.POST(await as(admin, tenant, `/api/workflows/${id}/runs`, { method: 'POST', body: {} }), p({ id }))],
    ] as const;
    const byRun = async (runId: string) => [
      ['GET /workflows/runs/:runId', await run.GET(await as(admin, tenant, `/api/workflows/runs/${runId}`), p({ runId }))],
      ['POST /workflows/runs/:runId/cancel', await cancel.POST(await as(admin, tenant, `/api/workflows/runs/${runId}/cancel`, { method: 'POST' }), p({ runId }))],
      ['POST /workflows/runs/:runId/retry', await retry.POST(await as(admin, tenant, `/api/workflows/runs/${runId}/retry`, { method: 'POST' }), p({ runId }))],
    ] as const;
    const answers = async (list: readonly (readonly [string, Response])[]) =>
      Promise.all(list.map(async ([route, res]) => [route, res.status, ((await res.json()) as { error?: { message?: string } }).error?.message] as const));

    const foreign = [...(await answers(await byWorkflow(workflowId))), ...(await answers(await byRun(runId)))];
    const missing = [...(await answers(await byWorkflow(missingWorkflow))), ...(await answers(await byRun(missingRun)))];
    for (const [route, status] of foreign) expect([route, status]).toEqual([route, 404]);
    expect(foreign).toEqual(missing);

    // And nothing changed in the owning tenant: the run is still there, untouched.
    const res = await run.GET(await as(f.users.admin.id, f.tenants.acme, `/api/workflows/runs/${runId}`), p({ runId }));
    expect(res.status).toBe(200);
  });
});
