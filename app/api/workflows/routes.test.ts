import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionContext } from '@/lib/auth/session-context';
import { prepareAuthSecrets } from '@/lib/auth/testing-fixtures';
import { requestAs } from '@/lib/auth/testing-session';
import { sweepPendingAudit } from '@/lib/audit/sequence-audit';
import { setDb } from '@/lib/db/open-database';
import { negotiationFollowUp } from '@/lib/workflows/example-definitions';
import { getWorkflowEngine } from '@/lib/workflows/start-workers';
import { MANAGER_A, REP_A, TENANT_A, TENANT_B, adminA, adminB, createEngineFixture, rows, writeDeal, type EngineFixture } from '@/lib/workflows/testing';
import * as people from './people/route';
import * as stages from './stages/route';
import * as one from './[id]/route';
import * as dryRun from './[id]/dry-run/route';
import * as publish from './[id]/publish/route';
import * as enabled from './[id]/enabled/route';
import * as archived from './[id]/archived/route';
import * as runs from './[id]/runs/route';
import * as list from './route';
import * as run from './runs/[runId]/route';
import * as cancel from './runs/[runId]/cancel/route';
import * as retry from './runs/[runId]/retry/route';
import * as secrets from './secrets/route';

// Through the real withSession, with session cookies for the engine fixture's people: the
// role comes from their membership, the second factor from the session.
let fx: EngineFixture;
beforeAll(async () => {
  prepareAuthSecrets();
  fx = await createEngineFixture();
  setDb(fx.t.db);
  await getWorkflowEngine(fx.t.db);
});
afterAll(async () => {
  const engine = await getWorkflowEngine();
  await engine.boss.stop({ graceful: false, wait: true, close: false });
  setDb(undefined);
  await fx.dispose();
});

let who: SessionContext | null = null;
const as = (s: SessionContext | null) => {
  who = s;
};
const json = (body: unknown, method = 'POST') => requestAs(who, 'http://test/api', { method, body: JSON.stringify(body) });
const get = (url = 'http://test/api') => requestAs(who, url);
const p = <T extends Record<string, string>>(v: T) => ({ params: Promise.resolve(v) });

describe('workflow API', () => {
  it('requires a session and the workflows:manage permission', async () => {
    as(null);
    expect((await list.GET(await get())).status).toBe(401);
    as({ userId: REP_A, tenantId: TENANT_A, role: 'rep' });
    expect((await list.GET(await get())).status).toBe(403);
    expect((await list.POST(await json({ name: 'x' }))).status).toBe(403);
    // An admin whose session has not passed the second factor is sent to finish it.
    const halfSignedIn = await list.GET(await requestAs({ ...adminA, mfa: false }, 'http://test/api'));
    expect(halfSignedIn.status).toBe(403);
    expect((await halfSignedIn.json()).error.code).toBe('mfa_required');
  });

  it('creates, autosaves, publishes, test-runs and lists runs', async () => {
    as(adminA);
    const bad = await list.POST(await json({ name: '' }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toMatch(/name: a workflow needs a name/);
    expect((await list.POST(await requestAs(who, 'http://t', { method: 'POST', body: 'x', contentType: null }))).status).toBe(415);

    const created = await list.POST(await json({ name: 'API flow' }));
    expect(created.status).toBe(201);
    const { workflow } = await created.json();
    const secret = await (await secrets.POST(await json({ name: 'Hook', value: 'a-long-enough-secret' }))).json();
    expect(JSON.stringify(await (await secrets.GET(await get())).json())).not.toContain('a-long-enough-secret');
    const definition = negotiationFollowUp({ stageId: 'negotiation', managerId: MANAGER_A, secretId: secret.secret.id, url: 'http://127.0.0.1:9/x' });

    const saved = await one.PUT(await json({ definition, revision: workflow.draftRevision }, 'PUT'), p({ id: workflow.id }));
    expect(saved.status).toBe(200);
    const stale = await one.PUT(await json({ definition, revision: workflow.draftRevision }, 'PUT'), p({ id: workflow.id }));
    expect(stale.status).toBe(409);
    const malformed = await one.PUT(await json({ definition: { ...definition, steps: [{ id: 'x', type: 'nope' }] }, revision: 1 }, 'PUT'), p({ id: workflow.id }));
    expect(malformed.status).toBe(422);

    const published = await publish.POST(await get(), p({ id: workflow.id }));
    expect(published.status).toBe(201);
    expect(await published.json()).toEqual({ version: 1 });

    const deal = await writeDeal(fx, TENANT_A, { name: 'API deal', stageId: 'negotiation', amountCents: 9_000_000 });
    const dry = await dryRun.POST(await json({ recordId: deal }), p({ id: workflow.id }));
    expect(dry.status).toBe(200);
    expect((await dry.json()).result.steps).toHaveLength(4);
    expect((await dryRun.POST(await json({ recordId: deal, replayRunId: deal }), p({ id: workflow.id }))).status).toBe(422);

    const started = await runs.POST(await json({ recordId: deal }), p({ id: workflow.id }));
    expect(started.status).toBe(201);
    const { runId } = await started.json();
    const history = await (await runs.GET(await get('http://test/api?status=queued'), p({ id: workflow.id }))).json();
    expect(history.runs.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect((await runs.GET(await get('http://test/api?status=bogus'), p({ id: workflow.id }))).status).toBe(422);
    expect((await run.GET(await get(), p({ runId }))).status).toBe(200);

    // Retry only applies to failed runs; cancel works once.
    expect((await retry.POST(await get(), p({ runId }))).status).toBe(409);
    expect((await cancel.POST(await get(), p({ runId }))).status).toBe(200);
    expect((await cancel.POST(await get(), p({ runId }))).status).toBe(409);

    // Another tenant sees none of it, and gets the same 404 as for an id that does not exist.
    as(adminB);
    expect((await one.GET(await get(), p({ id: workflow.id }))).status).toBe(404);
    expect((await publish.POST(await get(), p({ id: workflow.id }))).status).toBe(404);
    expect((await run.GET(await get(), p({ runId }))).status).toBe(404);
    expect((await cancel.POST(await get(), p({ runId }))).status).toBe(404);
    expect((await runs.POST(await json({ recordId: deal }), p({ id: workflow.id }))).status).toBe(404);
    expect((await (await list.GET(await get())).json()).workflows).toEqual([]);
    expect((await (await people.GET(await get())).json()).people.map((x: { email: string }) => x.email)).toEqual(['admin@b.test']);
  });

  it('answers 404 (not 500) for malformed ids, and 422 for an invalid publish', async () => {
    as(adminA);
    expect((await one.GET(await get(), p({ id: 'not-a-uuid' }))).status).toBe(404);
    expect((await run.GET(await get(), p({ runId: '123' }))).status).toBe(404);
    const { workflow } = await (await list.POST(await json({ name: 'Broken' }))).json();
    const definition = { schemaVersion: 2, trigger: { type: 'manual' }, steps: [{ id: 'a', name: 'Alone', type: 'stop' }], edges: [] };
    await one.PUT(await json({ definition, revision: 0 }, 'PUT'), p({ id: workflow.id }));
    const res = await publish.POST(await get(), p({ id: workflow.id }));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.issues.map((i: { message: string }) => i.message)).toEqual(['The trigger is not connected to a first step', 'Step "Alone" (a) cannot be reached from the trigger']);
  });

  it('switches a workflow off and on: no new run while off, audited, only by its tenant’s admins, a clear 422 for a bad body', async () => {
    as(adminA);
    const { workflow } = await (await list.POST(await json({ name: 'Switchable' }))).json();
    const definition = { schemaVersion: 2, trigger: { type: 'manual' }, steps: [{ id: 'a', name: 'Done', type: 'stop' }], edges: [{ id: 'e1', source: 'trigger', target: 'a' }] };
    expect((await one.PUT(await json({ definition, revision: 0 }, 'PUT'), p({ id: workflow.id }))).status).toBe(200);
    expect((await publish.POST(await get(), p({ id: workflow.id }))).status).toBe(201);

    const off = await enabled.PUT(await json({ enabled: false }, 'PUT'), p({ id: workflow.id }));
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ enabled: false });
    const refused = await runs.POST(await json({}), p({ id: workflow.id }));
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toMatch(/turned off/);
    expect((await (await list.GET(await get())).json()).workflows.find((w: { id: string }) => w.id === workflow.id).enabled).toBe(false);
    // Switching it off again changes nothing and writes no second entry.
    expect((await enabled.PUT(await json({ enabled: false }, 'PUT'), p({ id: workflow.id }))).status).toBe(200);
    expect((await enabled.PUT(await json({ enabled: true }, 'PUT'), p({ id: workflow.id }))).status).toBe(200);
    expect((await runs.POST(await json({}), p({ id: workflow.id }))).status).toBe(201);

    await sweepPendingAudit(fx.t.db, 0);
    const entries = await rows<{ actor_id: string; data: { name: string; before: string; after: string } }>(
      fx,
      TENANT_A,
      "SELECT actor_id, data FROM audit_log WHERE action = 'workflow.switch' AND target_id = $1 ORDER BY seq",
      [workflow.id],
    );
    expect(entries.map((e) => [e.actor_id, e.data.name, e.data.before, e.data.after])).toEqual([
      [adminA.userId, 'Switchable', 'on', 'off'],
      [adminA.userId, 'Switchable', 'off', 'on'],
    ]);

    const bad = await enabled.PUT(await json({ enabled: 'no' }, 'PUT'), p({ id: workflow.id }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toMatch(/enabled/);
    as({ userId: REP_A, tenantId: TENANT_A, role: 'rep' });
    expect((await enabled.PUT(await json({ enabled: false }, 'PUT'), p({ id: workflow.id }))).status).toBe(403);
    as(adminB);
    expect((await enabled.PUT(await json({ enabled: false }, 'PUT'), p({ id: workflow.id }))).status).toBe(404);
    as(adminA);
    expect((await (await one.GET(await get(), p({ id: workflow.id }))).json()).workflow.enabled).toBe(true);
  });
  it('archives a workflow (off, kept with its runs, no new run, not switched on until restored) and restores it still off; audited; only its tenant’s admins', async () => {
    as(adminA);
    const { workflow } = await (await list.POST(await json({ name: 'Retired' }))).json();
    const definition = { schemaVersion: 2, trigger: { type: 'manual' }, steps: [{ id: 'a', name: 'Done', type: 'stop' }], edges: [{ id: 'e1', source: 'trigger', target: 'a' }] };
    expect((await one.PUT(await json({ definition, revision: 0 }, 'PUT'), p({ id: workflow.id }))).status).toBe(200);
    expect((await publish.POST(await get(), p({ id: workflow.id }))).status).toBe(201);
    expect((await runs.POST(await json({}), p({ id: workflow.id }))).status).toBe(201);

    const res = await archived.PUT(await json({ archived: true }, 'PUT'), p({ id: workflow.id }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ archived: true, enabled: false });
    const shown = (await (await list.GET(await get())).json()).workflows.find((w: { id: string }) => w.id === workflow.id);
    expect(shown).toMatchObject({ enabled: false, archivedAt: expect.any(String) });
    expect((await runs.POST(await json({}), p({ id: workflow.id }))).status).toBe(409);
    // Its run history is kept.
    expect((await (await runs.GET(await get(), p({ id: workflow.id }))).json()).runs).toHaveLength(1);
    const on = await enabled.PUT(await json({ enabled: true }, 'PUT'), p({ id: workflow.id }));
    expect(on.status).toBe(409);
    expect((await on.json()).error.message).toMatch(/restore it/);
    // Archiving again changes nothing; restoring leaves it off.
    expect((await archived.PUT(await json({ archived: true }, 'PUT'), p({ id: workflow.id }))).status).toBe(200);
    expect(await (await archived.PUT(await json({ archived: false }, 'PUT'), p({ id: workflow.id }))).json()).toEqual({ archived: false, enabled: false });
    expect((await enabled.PUT(await json({ enabled: true }, 'PUT'), p({ id: workflow.id }))).status).toBe(200);

    await sweepPendingAudit(fx.t.db, 0);
    const entries = await rows<{ data: { name: string; before: string; after: string; switchedOff?: boolean } }>(
      fx,
      TENANT_A,
      "SELECT data FROM audit_log WHERE action = 'workflow.archive' AND target_id = $1 ORDER BY seq",
      [workflow.id],
    );
    expect(entries.map((e) => e.data)).toEqual([
      { name: 'Retired', before: 'active', after: 'archived', switchedOff: true },
      { name: 'Retired', before: 'archived', after: 'active' },
    ]);

    const bad = await archived.PUT(await json({ archived: 1 }, 'PUT'), p({ id: workflow.id }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toMatch(/archived/);
    as({ userId: REP_A, tenantId: TENANT_A, role: 'rep' });
    expect((await archived.PUT(await json({ archived: true }, 'PUT'), p({ id: workflow.id }))).status).toBe(403);
    as({ userId: MANAGER_A, tenantId: TENANT_A, role: 'manager' });
    expect((await archived.PUT(await json({ archived: true }, 'PUT'), p({ id: workflow.id }))).status).toBe(403);
    as(adminB);
    expect((await archived.PUT(await json({ archived: true }, 'PUT'), p({ id: workflow.id }))).status).toBe(404);
    as(adminA);
    expect((await (await one.GET(await get(), p({ id: workflow.id }))).json()).workflow.archivedAt).toBeNull();
  });
  it('lists the tenant’s pipelines and deal stages for the builder’s pickers, one per stage id, named with their pipelines; only to its admins', async () => {
    await rows(fx, TENANT_A, `INSERT INTO pipelines (tenant_id, id, name, position, stages) VALUES
      ($1, '00000000-0000-7000-8000-0000000000f1', 'Sales', 0, '[{"id":"lead","name":"Lead"},{"id":"won","name":"Won"}]'),
      ($1, '00000000-0000-7000-8000-0000000000f2', 'Partners', 1, '[{"id":"lead","name":"Lead"},{"id":"signed","name":"Signed"}]'),
      ($1, '00000000-0000-7000-8000-0000000000f4', 'Resellers', 2, '[{"id":"lead","name":"Prospect"},{"id":"lead","name":"Prospect"}]') RETURNING id`, [TENANT_A]);
    await rows(fx, TENANT_B, `INSERT INTO pipelines (tenant_id, id, name, stages) VALUES ($1, '00000000-0000-7000-8000-0000000000f3', 'Theirs', '[{"id":"secret","name":"Secret"}]') RETURNING id`, [TENANT_B]);
    as(adminA);
    const answer = (await (await stages.GET(await get())).json()) as { pipelines: { id: string; label: string }[]; stages: { id: string; label: string }[] };
    const listed = answer.stages;
    expect(answer.pipelines.filter((x) => x.id.startsWith('00000000-0000-7000-8000-0000000000f'))).toEqual([
      { id: '00000000-0000-7000-8000-0000000000f1', label: 'Sales' },
      { id: '00000000-0000-7000-8000-0000000000f2', label: 'Partners' },
      { id: '00000000-0000-7000-8000-0000000000f4', label: 'Resellers' },
    ]);
    expect(listed).toEqual(expect.arrayContaining([
      { id: 'lead', label: 'Lead (Sales, Partners); Prospect (Resellers)' },
      { id: 'won', label: 'Won (Sales)' },
      { id: 'signed', label: 'Signed (Partners)' },
    ]));
    expect(listed.map((x) => x.id)).not.toContain('secret');
    as(adminB);
    const theirs = await (await stages.GET(await get())).json();
    expect(theirs.stages.map((x: { id: string }) => x.id)).not.toContain('lead');
    expect(theirs.pipelines.map((x: { id: string }) => x.id)).not.toContain('00000000-0000-7000-8000-0000000000f1');
    as({ userId: REP_A, tenantId: TENANT_A, role: 'rep' });
    expect((await stages.GET(await get())).status).toBe(403);
    as({ userId: MANAGER_A, tenantId: TENANT_A, role: 'manager' });
    expect((await stages.GET(await get())).status).toBe(403);
  });
});
