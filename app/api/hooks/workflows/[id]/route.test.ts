import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { prepareAuthSecrets } from '@/lib/auth/testing-fixtures';
import { requestAs } from '@/lib/auth/testing-session';
import { setDb } from '@/lib/db/open-database';
import { WORKFLOW_SCHEMA_VERSION } from '@/lib/workflows/definition';
import { HOOK_MAX_BYTES } from '@/lib/workflows/receive-hook';
import { getWorkflowEngine } from '@/lib/workflows/start-workers';
import { ADMIN_A, REP_A, TENANT_A, adminA, adminB, createEngineFixture, publish, rows, type EngineFixture } from '@/lib/workflows/testing';
import { SIGNATURE_HEADER, signPayload } from '@/lib/workflows/webhook-delivery';
import * as hookSecret from '../../../workflows/[id]/hook-secret/route';
import * as hook from './route';

// The hook endpoint itself is public (the real `handle`); the secret route goes through the
// real withSession with session cookies for the engine fixture's people.
let fx: EngineFixture;
let flow: string;
beforeAll(async () => {
  prepareAuthSecrets();
  fx = await createEngineFixture();
  setDb(fx.t.db);
  await getWorkflowEngine(fx.t.db);
  flow = await publish(
    fx,
    {
      schemaVersion: WORKFLOW_SCHEMA_VERSION,
      trigger: { type: 'webhook' },
      steps: [{ id: 'ping', name: 'Ping', type: 'notify', recipient: { type: 'user', userId: ADMIN_A }, message: 'Hook' }],
      edges: [{ id: 'e1', source: 'trigger', target: 'ping' }],
    },
    adminA,
  );
});
afterAll(async () => {
  const engine = await getWorkflowEngine();
  await engine.boss.stop({ graceful: false, wait: true, close: false });
  setDb(undefined);
  await fx.dispose();
});

const p = (id: string) => ({ params: Promise.resolve({ id }) });
const post = (body: string, headers: Record<string, string> = {}) =>
  new Request('http://test/api/hooks', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('POST /api/hooks/workflows/[id]', () => {
  let secret = '';

  it('the secret route needs workflows:manage and returns the secret once, with the path', async () => {
    const asPerson = (who: { userId: string; tenantId: string }) => requestAs(who, 'http://test/api/hook-secret', { method: 'POST' });
    expect((await hookSecret.POST(await requestAs(null, 'http://test/api/hook-secret', { method: 'POST' }), p(flow))).status).toBe(401);
    expect((await hookSecret.POST(await asPerson({ userId: REP_A, tenantId: TENANT_A }), p(flow))).status).toBe(403);
    expect((await hookSecret.POST(await asPerson(adminB), p(flow))).status).toBe(404);
    const res = await hookSecret.POST(await asPerson(adminA), p(flow));
    expect(res.status).toBe(201);
    const json = (await res.json()) as { secret: string; path: string };
    expect(json.path).toBe(`/api/hooks/workflows/${flow}`);
    expect(json.secret).toMatch(/^whsec_/);
    secret = json.secret;
  });

  it('202 with a valid signature, no session needed; the run is in the workflow tenant', async () => {
    const body = JSON.stringify({ hello: 'world' });
    const res = await hook.POST(post(body, { [SIGNATURE_HEADER]: signPayload(secret, body, Math.floor(Date.now() / 1000)) }), p(flow));
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    expect(await rows(fx, TENANT_A, 'SELECT 1 FROM workflow_runs WHERE id = $1', [runId])).toHaveLength(1);
    expect(res.headers.get('ratelimit-policy')).toBeTruthy();
  });

  it('refuses an unknown id or an unsigned request without reading the body', async () => {
    let pulls = 0;
    const streamed = (headers: Record<string, string>) =>
      new Request('http://test/api/hooks', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: new ReadableStream<Uint8Array>({
          pull(c) {
            pulls += 1;
            c.enqueue(new TextEncoder().encode('{"a":1}'));
            c.close();
          },
        }, { highWaterMark: 0 }), // pulled only when someone reads
        duplex: 'half',
      } as RequestInit);
    const signed = { [SIGNATURE_HEADER]: signPayload(secret, '{"a":1}', Math.floor(Date.now() / 1000)) };
    expect((await hook.POST(streamed(signed), p(uuidv7()))).status).toBe(404);
    expect((await hook.POST(streamed({}), p(flow))).status).toBe(401);
    expect((await hook.POST(streamed({ [SIGNATURE_HEADER]: 't=1,v1=00' }), p(flow))).status).toBe(401);
    expect(pulls).toBe(0);
  });

  it('401 bad signature, 404 unknown or malformed id, 413 too large, 415 not JSON, 400 malformed', async () => {
    const body = '{"a":1}';
    const good = { [SIGNATURE_HEADER]: signPayload(secret, body, Math.floor(Date.now() / 1000)) };
    expect((await hook.POST(post(body, { [SIGNATURE_HEADER]: 't=1,v1=00' }), p(flow))).status).toBe(401);
    expect((await hook.POST(post(body), p(flow))).status).toBe(401);
    expect((await hook.POST(post(body, good), p(uuidv7()))).status).toBe(404);
    expect((await hook.POST(post(body, good), p('not-a-uuid'))).status).toBe(404);
    const big = JSON.stringify({ a: 'x'.repeat(HOOK_MAX_BYTES) });
    expect((await hook.POST(post(big, { [SIGNATURE_HEADER]: signPayload(secret, big, Math.floor(Date.now() / 1000)) }), p(flow))).status).toBe(413);
    expect((await hook.POST(new Request('http://test/api/hooks', { method: 'POST', headers: { 'content-type': 'text/plain', ...good }, body }), p(flow))).status).toBe(415);
    const broken = '{"a":';
    expect((await hook.POST(post(broken, { [SIGNATURE_HEADER]: signPayload(secret, broken, Math.floor(Date.now() / 1000)) }), p(flow))).status).toBe(400);
  });
});
