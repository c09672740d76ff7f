import { Webhook } from 'standardwebhooks';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionContext } from '@/lib/auth/session-context';
import { prepareAuthSecrets } from '@/lib/auth/testing-fixtures';
import { requestAs } from '@/lib/auth/testing-session';
import { setDb } from '@/lib/db/open-database';
import { withSystem } from '@/lib/db/with-tenant';
import { startReceiver, type WebhookReceiver } from '@/lib/webhooks/testing';
import { drainWebhooks } from '@/lib/webhooks/webhook-workers';
import { MANAGER_A, REP_A, TENANT_A, adminA, adminB, createEngineFixture, writeDeal, type EngineFixture } from '@/lib/workflows/testing';
import * as list from './route';
import * as eventTypes from './event-types/route';
import * as one from './[id]/route';
import * as rotate from './[id]/rotate-secret/route';
import * as deliveries from './[id]/deliveries/route';
import * as delivery from './[id]/deliveries/[deliveryId]/route';
import * as redeliver from './[id]/deliveries/[deliveryId]/redeliver/route';

// Through the real withSession, with session cookies for the engine fixture's people (an
// auditor added): the role comes from the membership, the second factor from the session.
const AUDITOR_A = '0190b000-0000-7000-8000-0000000000a9';
let fx: EngineFixture;
let rx: WebhookReceiver;
beforeAll(async () => {
  prepareAuthSecrets();
  fx = await createEngineFixture();
  setDb(fx.t.db);
  await withSystem(async (tx) => {
    await tx.query(`INSERT INTO users (id, email, name) VALUES ($1, 'auditor@a.test', 'Auditor')`, [AUDITOR_A]);
    await tx.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'auditor')`, [TENANT_A, AUDITOR_A]);
  }, fx.t.db);
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  setDb(undefined);
  await fx.dispose();
});

let who: SessionContext | null = null;
const as = (s: SessionContext | null) => {
  who = s;
};
const send = (body: unknown, method = 'POST') => requestAs(who, 'http://test/api', { method, body: JSON.stringify(body) });
const bare = (method = 'POST') => requestAs(who, 'http://test/api', { method });
const get = (url = 'http://test/api') => requestAs(who, url);
const p = <T extends Record<string, string>>(v: T) => ({ params: Promise.resolve(v) });
const work = () => drainWebhooks(fx.t.db, fx.boss, { allowPrivateTargets: true });

async function issues(res: Response): Promise<{ path: string; message: string }[]> {
  return ((await res.json()) as { error: { issues: { path: string; message: string }[] } }).error.issues;
}

describe('webhook subscription API', () => {
  let hookId = '';
  let secret = '';

  it('creates a subscription (201, secret shown once, never cached) and names the field of bad input (422)', async () => {
    as(adminA);
    const created = await list.POST(await send({ url: rx.url, eventTypes: ['deals.created', 'deals.updated'], description: 'ERP' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const body = await created.json();
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.subscription).toMatchObject({ url: rx.url, eventTypes: ['deals.created', 'deals.updated'], description: 'ERP', active: true });
    hookId = body.subscription.id;
    secret = body.secret;

    const badUrl = await list.POST(await send({ url: 'not a url', eventTypes: ['deals.created'] }));
    expect(badUrl.status).toBe(422);
    expect(await issues(badUrl)).toEqual([{ path: 'url', message: 'not a valid URL' }]);
    const badType = await list.POST(await send({ url: rx.url, eventTypes: ['deals.created', 'deals.exploded'] }));
    expect(badType.status).toBe(422);
    expect((await issues(badType))[0]).toMatchObject({ path: 'eventTypes.1', message: expect.stringMatching(/^unknown event type/) });
    const none = await list.POST(await send({ url: rx.url, eventTypes: [] }));
    expect((await issues(none))[0]).toEqual({ path: 'eventTypes', message: 'choose at least one event type' });
    const extra = await list.POST(await send({ url: rx.url, eventTypes: ['deals.created'], secret: 'mine' }));
    expect(extra.status).toBe(422);
    expect((await list.POST(await requestAs(who, 'http://t', { method: 'POST', body: 'x', contentType: 'text/plain' }))).status).toBe(415);
    expect((await list.POST(await requestAs(who, 'http://t', { method: 'POST', body: '{' }))).status).toBe(400);
  });

  it('lists, reads, changes, rotates; every route refuses other roles (403) and no session (401)', async () => {
    as(adminA);
    expect((await (await list.GET(await get())).json()).webhooks.map((w: { id: string }) => w.id)).toEqual([hookId]);
    expect((await (await eventTypes.GET(await get())).json()).eventTypes).toContain('workflow_run.failed');
    expect((await (await one.GET(await get(), p({ id: hookId }))).json()).subscription.id).toBe(hookId);
    const patched = await one.PATCH(await send({ eventTypes: ['deals.created'], description: null }, 'PATCH'), p({ id: hookId }));
    expect(patched.status).toBe(200);
    expect((await patched.json()).subscription).toMatchObject({ eventTypes: ['deals.created'], description: null });
    const empty = await one.PATCH(await send({}, 'PATCH'), p({ id: hookId }));
    expect(empty.status).toBe(422);
    const badActive = await one.PATCH(await send({ active: 'yes' }, 'PATCH'), p({ id: hookId }));
    expect((await issues(badActive))[0]!.path).toBe('active');

    for (const role of [
      { userId: REP_A, tenantId: TENANT_A, role: 'rep' as const },
      { userId: MANAGER_A, tenantId: TENANT_A, role: 'manager' as const },
      { userId: AUDITOR_A, tenantId: TENANT_A, role: 'auditor' as const },
    ]) {
      as(role);
      const statuses = [
        (await list.GET(await get())).status,
        (await list.POST(await send({ url: rx.url, eventTypes: ['deals.created'] }))).status,
        (await eventTypes.GET(await get())).status,
        (await one.GET(await get(), p({ id: hookId }))).status,
        (await one.PATCH(await send({ active: false }, 'PATCH'), p({ id: hookId }))).status,
        (await one.DELETE(await bare('DELETE'), p({ id: hookId }))).status,
        (await rotate.POST(await bare(), p({ id: hookId }))).status,
        (await deliveries.GET(await get(), p({ id: hookId }))).status,
        (await delivery.GET(await get(), p({ id: hookId, deliveryId: uuidv7() }))).status,
        (await redeliver.POST(await bare(), p({ id: hookId, deliveryId: uuidv7() }))).status,
      ];
      expect(statuses, role.role).toEqual(Array(10).fill(403));
    }
    as(null);
    expect((await list.GET(await get())).status).toBe(401);
    const halfSignedIn = await list.GET(await requestAs({ ...adminA, mfa: false }, 'http://test/api'));
    expect((await halfSignedIn.json()).error.code).toBe('mfa_required');

    as(adminA);
    const rotated = await rotate.POST(await bare(), p({ id: hookId }));
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const next = await rotated.json();
    expect(next.secret).toMatch(/^whsec_/);
    expect(next.secret).not.toBe(secret);
    secret = next.secret;
  });

  it('shows the delivery log and redelivers', async () => {
    as(adminA);
    rx.script.push(500);
    await writeDeal(fx, TENANT_A, { name: 'Via the API test' });
    await work();
    const log = await deliveries.GET(await get(), p({ id: hookId }));
    expect(log.status).toBe(200);
    const { deliveries: rowsOf, nextBefore } = await log.json();
    expect(nextBefore).toBeNull();
    expect(rowsOf).toHaveLength(1);
    expect(rowsOf[0]).toMatchObject({ eventType: 'deals.created', status: 'pending', attempts: 1, lastStatus: 500 });
    const deliveryId = rowsOf[0].id;
    expect((await redeliver.POST(await bare(), p({ id: hookId, deliveryId }))).status).toBe(409);

    // Let the retry through now, then send it again by hand.
    await fx.t.db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 millisecond' WHERE name = 'webhook-deliver' AND state = 'created'`);
    await work();
    const again = await redeliver.POST(await bare(), p({ id: hookId, deliveryId }));
    expect(again.status).toBe(202);
    expect((await again.json()).delivery.status).toBe('pending');
    await work();
    const detail = await (await delivery.GET(await get(), p({ id: hookId, deliveryId }))).json();
    expect(detail.delivery.attemptLog.map((a: { responseStatus: number; cause: string }) => [a.responseStatus, a.cause])).toEqual([
      [500, 'auto'],
      [200, 'auto'],
      [200, 'redeliver'],
    ]);
    expect(detail.delivery.payload).toMatchObject({ type: 'deals.created', data: { record: { name: 'Via the API test' } } });
    const last = rx.received.at(-1)!;
    expect(new Webhook(secret).verify(last.body, last.headers)).toMatchObject({ type: 'deals.created' });

    expect((await deliveries.GET(await get('http://test/api?limit=0'), p({ id: hookId }))).status).toBe(422);
    const badStatus = await deliveries.GET(await get('http://test/api?status=lost'), p({ id: hookId }));
    expect((await issues(badStatus))[0]!.path).toBe('status');
    expect((await (await deliveries.GET(await get('http://test/api?status=failed'), p({ id: hookId }))).json()).deliveries).toEqual([]);

    // Another tenant's admin: 404 for every id of A, the same as for ids that do not exist.
    as(adminB);
    expect((await (await list.GET(await get())).json()).webhooks).toEqual([]);
    const statuses = [
      (await one.GET(await get(), p({ id: hookId }))).status,
      (await one.PATCH(await send({ active: false }, 'PATCH'), p({ id: hookId }))).status,
      (await one.DELETE(await bare('DELETE'), p({ id: hookId }))).status,
      (await rotate.POST(await bare(), p({ id: hookId }))).status,
      (await deliveries.GET(await get(), p({ id: hookId }))).status,
      (await delivery.GET(await get(), p({ id: hookId, deliveryId }))).status,
      (await redeliver.POST(await bare(), p({ id: hookId, deliveryId }))).status,
      (await one.GET(await get(), p({ id: uuidv7() }))).status,
      (await one.GET(await get(), p({ id: 'not-a-uuid' }))).status,
    ];
    expect(statuses).toEqual(Array(9).fill(404));
  });

  it('deletes a subscription with its log (204, then 404)', async () => {
    as(adminA);
    expect((await one.DELETE(await bare('DELETE'), p({ id: hookId }))).status).toBe(204);
    expect((await one.GET(await get(), p({ id: hookId }))).status).toBe(404);
    expect((await fx.t.db.query('SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1', [hookId])).rows).toEqual([]);
    const audit = await fx.t.db.query<{ action: string }>(
      `SELECT action FROM audit_pending WHERE target_id = $1 UNION ALL SELECT action FROM audit_log WHERE target_id = $1`,
      [hookId],
    );
    expect(audit.rows.map((r) => r.action).sort()).toEqual(['webhook.create', 'webhook.delete', 'webhook.redeliver', 'webhook.rotate_secret', 'webhook.update']);
  });
});
