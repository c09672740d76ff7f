import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionContext } from '../auth/session-context';
import { prepareAuthSecrets } from '../auth/testing-fixtures';
import { parseKeyRing, setKeyRing } from '../crypto/key-ring';
import { rotateSecrets } from '../crypto/rotate-secrets';
import { SEALED_COLUMNS } from '../crypto/sealed-columns';
import { withSystem } from '../db/with-tenant';
import { resetEnvCache } from '../env';
import { isPublicAddress, type Resolver } from '../security/public-address';
import { drain } from '../workflows/runner';
import { startRun } from '../workflows/start-run';
import { TENANT_A, TENANT_B, adminA, adminB, createEngineFixture, publish, rows, secret as workflowSecret, writeDeal, type EngineFixture } from '../workflows/testing';
import { guardedFetch } from '../workflows/webhook-delivery';
import { fanOut } from './fan-out';
import { createWebhook, deleteWebhook, getWebhook, rotateWebhookSecret, updateWebhook } from './manage-webhooks';
import { makeRetriesDue, pendingDeliveryJobs, startReceiver, type WebhookReceiver } from './testing';
import { getDelivery, listDeliveries, redeliver } from './webhook-deliveries';
import { createWebhookInput, updateWebhookInput } from './webhook-input';
import { FANOUT_QUEUE } from './webhook-queue';
import { MAX_ATTEMPTS, retryDelayMs } from './webhook-settings';
import { drainWebhooks, startWebhookWorkers, type WebhookWorkerOptions } from './webhook-workers';

// Outgoing webhooks through the real path: deals written by the record pipeline, fan-out and
// delivery jobs on the real queue, a local receiver, signatures checked with the Standard
// Webhooks reference library. Each test starts with no subscriptions and an empty queue.

let fx: EngineFixture;
let rx: WebhookReceiver;

beforeAll(async () => {
  prepareAuthSecrets();
  fx = await createEngineFixture();
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  await fx.dispose();
});
beforeEach(async () => {
  await withSystem(async (tx) => {
    await tx.query('DELETE FROM webhook_subscriptions');
    await tx.query(`DELETE FROM pgboss.job WHERE name LIKE 'webhook-%'`);
  }, fx.t.db);
  rx.received.length = 0;
  rx.script.length = 0;
});

const work = (options: WebhookWorkerOptions = {}) => drainWebhooks(fx.t.db, fx.boss, { allowPrivateTargets: true, ...options });
const subscribe = (eventTypes: string[], ctx: SessionContext = adminA, url = rx.url) => createWebhook(ctx, createWebhookInput.parse({ url, eventTypes }), fx.t.db);
const deliveriesOf = (tenantId: string) =>
  rows<{ id: string; subscription_id: string; status: string; attempts: number; last_status: number | null; event_type: string }>(
    fx,
    tenantId,
    'SELECT id, subscription_id, status, attempts, last_status, event_type FROM webhook_deliveries ORDER BY id',
  );

describe('record events', () => {
  it('a record write produces a signed delivery that verifies with the standardwebhooks library', async () => {
    const { subscription, secret } = await subscribe(['deals.created', 'deals.updated']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const dealId = await writeDeal(fx, TENANT_A, { name: 'Fleet renewal', amountCents: 125_000 });
    await writeDeal(fx, TENANT_A, { id: dealId, amountCents: 150_000 });
    expect(await work()).toBeGreaterThan(0);

    expect(rx.received).toHaveLength(2);
    const events = rx.received.map((r) => ({ ...r, event: new Webhook(secret).verify(r.body, r.headers) as { type: string; timestamp: string; data: Record<string, unknown> } }));
    const created = events.find((e) => e.event.type === 'deals.created');
    const updated = events.find((e) => e.event.type === 'deals.updated');
    expect(created!.headers['content-type']).toBe('application/json');
    expect(created!.headers['webhook-id']).toMatch(/^evt_[0-9a-f-]{36}$/);
    expect(created!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(created!.event).toMatchObject({ type: 'deals.created', data: { collection: 'deals', id: dealId, record: { id: dealId, name: 'Fleet renewal', amountCents: 125_000 }, previous: null, source: 'sync', actorId: adminA.userId } });
    expect(updated!.event).toMatchObject({ type: 'deals.updated', data: { id: dealId, record: { amountCents: 150_000 }, previous: { amountCents: 125_000 }, changedFields: expect.arrayContaining(['amountCents']) } });
    expect(created!.event.data.record).not.toHaveProperty('_deleted');
    // Another secret does not verify it: the signature is really over this body with this secret.
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(created!.body, created!.headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(secret).verify(created!.body.replace('Fleet', 'Fleat'), created!.headers)).toThrow();

    const log = await listDeliveries(adminA, subscription.id, { limit: 50 }, fx.t.db);
    expect(log.deliveries.map((d) => [d.eventType, d.status, d.attempts, d.lastStatus])).toEqual([
      ['deals.updated', 'delivered', 1, 200],
      ['deals.created', 'delivered', 1, 200],
    ]);
    expect(log.deliveries[1]!.eventId).toBe(created!.headers['webhook-id']);
  });

  it('sends only the subscribed events, and a deletion carries the record as it was', async () => {
    const { secret } = await subscribe(['deals.deleted']);
    const dealId = await writeDeal(fx, TENANT_A, { name: 'Short-lived' });
    await writeDeal(fx, TENANT_A, { id: dealId, name: 'Renamed' });
    await work();
    expect(rx.received).toHaveLength(0);
    // Writes nobody subscribed to queue nothing at all.
    const queued = await fx.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [FANOUT_QUEUE]);
    expect(queued.rows[0]!.n).toBe(0);
    await writeDeal(fx, TENANT_A, { id: dealId, _deleted: true } as never);
    await work();
    expect(rx.received).toHaveLength(1);
    const event = new Webhook(secret).verify(rx.received[0]!.body, rx.received[0]!.headers);
    expect(event).toMatchObject({ type: 'deals.deleted', data: { id: dealId, record: { name: 'Renamed' } } });
  });

  it('a fan-out job that runs twice makes no second delivery', async () => {
    await subscribe(['deals.created']);
    await writeDeal(fx, TENANT_A, { name: 'Once' });
    const job = await fx.t.db.query<{ data: unknown }>(`SELECT data FROM pgboss.job WHERE name = $1`, [FANOUT_QUEUE]);
    expect(await fanOut(fx.t.db, job.rows[0]!.data)).toBe(1);
    expect(await fanOut(fx.t.db, job.rows[0]!.data)).toBe(0);
    await work();
    expect(rx.received).toHaveLength(1);
  });

  it('a switched-off subscription gets nothing', async () => {
    const { subscription } = await subscribe(['deals.created']);
    await updateWebhook(adminA, subscription.id, updateWebhookInput.parse({ active: false }), fx.t.db);
    await writeDeal(fx, TENANT_A, { name: 'Quiet' });
    await work();
    expect(rx.received).toHaveLength(0);
    expect(await deliveriesOf(TENANT_A)).toEqual([]);
  });
});

describe('the long-running workers', () => {
  it('deliver a write without anyone draining the queue (as in production)', async () => {
    const { secret } = await subscribe(['contacts.created', 'deals.created']);
    const workers = await startWebhookWorkers(fx.t.db, fx.boss, { allowPrivateTargets: true });
    try {
      await writeDeal(fx, TENANT_A, { name: 'Picked up by the workers' });
      for (let i = 0; i < 100 && rx.received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(rx.received).toHaveLength(1);
      expect(new Webhook(secret).verify(rx.received[0]!.body, rx.received[0]!.headers)).toMatchObject({ type: 'deals.created' });
    } finally {
      await workers.stop();
    }
  });
});

describe('retries, the delivery log and redelivery', () => {
  it('retries failures with exponential backoff and logs every attempt with its status code', async () => {
    const { subscription } = await subscribe(['deals.created']);
    rx.script.push(500, 503);
    await writeDeal(fx, TENANT_A, { name: 'Flaky receiver' });
    await work();
    const [d] = await deliveriesOf(TENANT_A);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status: 500 });
    // The retry is a delayed job: due after the first backoff step, not before.
    const [first] = await pendingDeliveryJobs(fx.t.db);
    expect(first!.deliveryId).toBe(d!.id);
    expect(first!.dueInSeconds).toBeGreaterThan(retryDelayMs(1) / 1000 - 5);
    expect(first!.dueInSeconds).toBeLessThanOrEqual(retryDelayMs(1) / 1000 + 1);
    expect(await work()).toBe(0); // nothing due yet

    await makeRetriesDue(fx.t.db);
    await work();
    const [second] = await pendingDeliveryJobs(fx.t.db);
    expect(second!.dueInSeconds).toBeGreaterThan(retryDelayMs(2) / 1000 - 5);
    expect(retryDelayMs(2)).toBe(retryDelayMs(1) * 5);

    await makeRetriesDue(fx.t.db);
    await work();
    const detail = await getDelivery(adminA, subscription.id, d!.id, fx.t.db);
    expect(detail).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(detail.deliveredAt).not.toBeNull();
    expect(detail.attemptLog.map((a) => [a.attempt, a.cause, a.responseStatus, a.error])).toEqual([
      [1, 'auto', 500, 'the receiver answered HTTP 500'],
      [2, 'auto', 503, 'the receiver answered HTTP 503'],
      [3, 'auto', 200, null],
    ]);
    // Every attempt carried the same event id, each with its own fresh signature.
    expect(new Set(rx.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it(`fails for good after ${MAX_ATTEMPTS} attempts; redeliver sends it once more, audited`, async () => {
    const { subscription, secret } = await subscribe(['deals.created']);
    rx.script.push(...Array<number>(MAX_ATTEMPTS).fill(502));
    await writeDeal(fx, TENANT_A, { name: 'Down for a day' });
    for (let i = 0; i < MAX_ATTEMPTS + 1; i++) {
      await work();
      await makeRetriesDue(fx.t.db);
    }
    const [d] = await deliveriesOf(TENANT_A);
    expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_status: 502 });
    expect(rx.received).toHaveLength(MAX_ATTEMPTS);
    expect(await pendingDeliveryJobs(fx.t.db)).toEqual([]);

    const again = await redeliver(adminA, subscription.id, d!.id, fx.t.db);
    expect(again.status).toBe('pending');
    await expect(redeliver(adminA, subscription.id, d!.id, fx.t.db)).rejects.toMatchObject({ code: 'conflict' });
    await work();
    const detail = await getDelivery(adminA, subscription.id, d!.id, fx.t.db);
    expect(detail).toMatchObject({ status: 'delivered', attempts: MAX_ATTEMPTS + 1, lastStatus: 200 });
    expect(detail.attemptLog.at(-1)).toMatchObject({ cause: 'redeliver', responseStatus: 200 });
    const last = rx.received.at(-1)!;
    expect(last.headers['webhook-id']).toBe(rx.received[0]!.headers['webhook-id']);
    expect(new Webhook(secret).verify(last.body, last.headers)).toMatchObject({ type: 'deals.created' });
    const audit = await rows<{ action: string; target_id: string }>(fx, TENANT_A, `SELECT action, target_id FROM audit_pending WHERE action LIKE 'webhook.%' UNION ALL SELECT action, target_id FROM audit_log WHERE action LIKE 'webhook.%'`);
    expect(audit).toContainEqual({ action: 'webhook.redeliver', target_id: subscription.id });
  });

  it('pages the delivery log newest first with a cursor, and filters by status', async () => {
    const { subscription } = await subscribe(['deals.created']);
    for (let i = 0; i < 5; i++) await writeDeal(fx, TENANT_A, { name: `Deal ${i}` });
    rx.script.push(500);
    await work();
    const page1 = await listDeliveries(adminA, subscription.id, { limit: 2 }, fx.t.db);
    const page2 = await listDeliveries(adminA, subscription.id, { limit: 2, before: page1.nextBefore! }, fx.t.db);
    const page3 = await listDeliveries(adminA, subscription.id, { limit: 2, before: page2.nextBefore! }, fx.t.db);
    const ids = [...page1.deliveries, ...page2.deliveries, ...page3.deliveries].map((d) => d.id);
    expect(ids).toHaveLength(5);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(page3.nextBefore).toBeNull();
    const pending = await listDeliveries(adminA, subscription.id, { limit: 50, status: 'pending' }, fx.t.db);
    expect(pending.deliveries).toHaveLength(1);
  });
});

describe('workflow run events', () => {
  it('a run that succeeds sends workflow_run.finished; one that fails sends workflow_run.failed', async () => {
    const { secret } = await subscribe(['workflow_run.finished', 'workflow_run.failed']);
    const ok = await publish(fx, { schemaVersion: 2, trigger: { type: 'manual' }, steps: [{ id: 's', type: 'stop', name: 'Stop' }], edges: [{ id: 'e', source: 'trigger', target: 's' }] } as never, adminA, 'Succeeds');
    // A webhook step whose signing secret was deleted fails for good at its first attempt.
    const secretId = await workflowSecret(fx, 'a-long-enough-workflow-secret');
    const bad = await publish(fx, { schemaVersion: 2, trigger: { type: 'manual' }, steps: [{ id: 'w', type: 'webhook', name: 'Call', url: 'https://receiver.example/x', secretId }], edges: [{ id: 'e', source: 'trigger', target: 'w' }] } as never, adminA, 'Fails');
    await withSystem((tx) => tx.query('DELETE FROM workflow_secrets WHERE id = $1', [secretId]), fx.t.db);
    const okRun = await startRun(fx.engine, adminA, ok, {});
    const badRun = await startRun(fx.engine, adminA, bad, {});
    await drain(fx.engine);
    await work();
    const events = rx.received.map((r) => new Webhook(secret).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> });
    expect(events).toHaveLength(2);
    expect(events).toContainEqual(expect.objectContaining({ type: 'workflow_run.finished', data: expect.objectContaining({ runId: okRun, workflowId: ok, workflowName: 'Succeeds', status: 'succeeded', error: null }) }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'workflow_run.failed', data: expect.objectContaining({ runId: badRun, workflowId: bad, status: 'failed', error: expect.stringMatching(/secret/) }) }));
  });
});

describe('targets, secrets and tenants', () => {
  it('refuses private and loopback targets when private targets are not allowed: at save time and at delivery', async () => {
    const saved = process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = '0';
    resetEnvCache();
    try {
      for (const url of ['https://127.0.0.1/x', 'https://10.1.2.3/x', 'https://[::1]/x', 'https://169.254.169.254/latest', 'https://localhost/x']) {
        const r = createWebhookInput.safeParse({ url, eventTypes: ['deals.created'] });
        expect(r.success, url).toBe(false);
        expect(r.error!.issues[0]).toMatchObject({ path: ['url'], message: expect.stringMatching(/not a public internet address/) });
      }
      // Plain http only where private targets are allowed (tests, development).
      expect(createWebhookInput.safeParse({ url: 'http://hooks.example.com/x', eventTypes: ['deals.created'] }).error!.issues[0]!.message).toBe('must be an https:// URL');
      expect(createWebhookInput.safeParse({ url: 'https://hooks.example.com/x', eventTypes: ['deals.created'] }).success).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
      else process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = saved;
      resetEnvCache();
    }

    // A name that resolves to a loopback address: refused when connecting, nothing is sent, no retry.
    await subscribe(['deals.created'], adminA, rx.url.replace('127.0.0.1', 'receiver.test'));
    const toLoopback: Resolver = (_host, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
    await writeDeal(fx, TENANT_A, { name: 'Exfiltrate me' });
    await work({ fetch: guardedFetch(isPublicAddress, toLoopback) });
    expect(rx.received).toHaveLength(0);
    const [d] = await deliveriesOf(TENANT_A);
    expect(d).toMatchObject({ status: 'failed', attempts: 1, last_status: null });
    const detail = await getDelivery(adminA, d!.subscription_id, d!.id, fx.t.db);
    expect(detail.attemptLog[0]!.error).toMatch(/not a public internet address/);

    // The default transport follows the environment: with private targets off, the loopback receiver is refused too.
    await withSystem((tx) => tx.query('DELETE FROM webhook_subscriptions'), fx.t.db);
    await subscribe(['deals.created']);
    await writeDeal(fx, TENANT_A, { name: 'Also refused' });
    await work({ allowPrivateTargets: false });
    expect(rx.received).toHaveLength(0);
    expect((await deliveriesOf(TENANT_A))[0]).toMatchObject({ status: 'failed' });
  });

  it('stores secrets sealed; a rotation signs with both secrets for a day; key rotation re-seals them', async () => {
    const oldKeys = `old:${randomBytes(32).toString('base64')}`;
    setKeyRing(parseKeyRing(oldKeys));
    const { subscription, secret } = await subscribe(['deals.created']);
    const stored = async () => (await rows<{ s: string; p: string | null }>(fx, TENANT_A, 'SELECT secret_sealed AS s, previous_secret_sealed AS p FROM webhook_subscriptions WHERE id = $1', [subscription.id]))[0]!;
    const sealed = await stored();
    expect(sealed.s.startsWith('v1.old.')).toBe(true);
    expect(sealed.s).not.toContain(secret.slice(6));
    expect(JSON.stringify(await getWebhook(adminA, subscription.id, fx.t.db))).not.toContain(secret.slice(6));

    const rotated = await rotateWebhookSecret(adminA, subscription.id, fx.t.db);
    expect(rotated.secret).not.toBe(secret);
    expect(new Date(rotated.previousSecretValidUntil).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await stored()).p!.startsWith('v1.old.')).toBe(true);
    await writeDeal(fx, TENANT_A, { name: 'During the overlap' });
    await work();
    const r = rx.received[0]!;
    expect(r.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.secret).verify(r.body, r.headers)).toMatchObject({ type: 'deals.created' });
    expect(new Webhook(secret).verify(r.body, r.headers)).toMatchObject({ type: 'deals.created' });

    // `npm run secrets:rotate` covers both columns: re-sealed under the new key, deliveries still sign.
    const ring = parseKeyRing(`new:${randomBytes(32).toString('base64')},${oldKeys}`);
    setKeyRing(ring);
    const counts = await rotateSecrets(fx.t.db, SEALED_COLUMNS, ring);
    expect(counts).toMatchObject({ 'webhook_subscriptions.secret_sealed': 1, 'webhook_subscriptions.previous_secret_sealed': 1 });
    const after = await stored();
    expect(after.s.startsWith('v1.new.')).toBe(true);
    expect(after.p!.startsWith('v1.new.')).toBe(true);
    // The old key can go now.
    setKeyRing(parseKeyRing(`new:${ring.keys.get('new')!.toString('base64')}`));
    rx.received.length = 0;
    await writeDeal(fx, TENANT_A, { name: 'After key rotation' });
    await work();
    expect(rx.received[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.secret).verify(rx.received[0]!.body, rx.received[0]!.headers)).toMatchObject({ type: 'deals.created' });
  });

  it("keeps tenants apart: B never receives A's events and gets 404 for A's ids", async () => {
    const a = await subscribe(['deals.created']);
    const rxB = await startReceiver('/b');
    try {
      const b = await subscribe(['deals.created'], adminB, rxB.url);
      await writeDeal(fx, TENANT_A, { name: 'A only' });
      await work();
      expect(rx.received).toHaveLength(1);
      expect(rxB.received).toHaveLength(0);
      const [d] = await deliveriesOf(TENANT_A);
      expect(await deliveriesOf(TENANT_B)).toEqual([]);

      await expect(getWebhook(adminB, a.subscription.id, fx.t.db)).rejects.toMatchObject({ code: 'not_found' });
      await expect(updateWebhook(adminB, a.subscription.id, { active: false }, fx.t.db)).rejects.toMatchObject({ code: 'not_found' });
      await expect(rotateWebhookSecret(adminB, a.subscription.id, fx.t.db)).rejects.toMatchObject({ code: 'not_found' });
      await expect(listDeliveries(adminB, a.subscription.id, { limit: 10 }, fx.t.db)).rejects.toMatchObject({ code: 'not_found' });
      await expect(getDelivery(adminB, a.subscription.id, d!.id, fx.t.db)).rejects.toMatchObject({ code: 'not_found' });
      // Even through B's own subscription id, A's delivery is not found.
      await expect(getDelivery(adminB, b.subscription.id, d!.id, fx.t.db)).rejects.toMatchObject({ code: 'not_found' });
      await expect(redeliver(adminB, b.subscription.id, d!.id, fx.t.db)).rejects.toMatchObject({ code: 'not_found' });
      await expect(deleteWebhook(adminB, a.subscription.id, fx.t.db)).rejects.toMatchObject({ code: 'not_found' });
      expect((await getWebhook(adminA, a.subscription.id, fx.t.db)).active).toBe(true);
    } finally {
      await rxB.close();
    }
  });

  it('the service refuses roles without webhooks:manage', async () => {
    const rep: SessionContext = { ...adminA, role: 'rep' };
    await expect(subscribe(['deals.created'], rep)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
