import 'server-only';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type PgBoss from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import type { SessionContext } from '../auth/session-context';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import type { Queryable } from '../db/types';
import { withSystem, withTenant } from '../db/with-tenant';
import { applyChanges } from '../records/apply-changes';
import { lockRecords } from '../records/record-sql';
import { deals, type AnyWireDoc, type DealDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { WorkflowDefinition } from './definition';
import { WorkflowEngine, type EngineOptions } from './engine';
import type { Clock } from './engine-settings';
import { createWorkflow, createWorkflowSecret, publishWorkflow, saveDraft } from './manage-workflows';
import { RUN_QUEUE, startQueue } from './queue';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verifySignature } from './webhook-delivery';

// Test fixtures for the engine: a database with two tenants and their people, a controllable
// clock, a local webhook receiver, and deal writes through the real record pipeline.

export const TENANT_A = '0190b000-0000-7000-8000-00000000000a';
export const TENANT_B = '0190b000-0000-7000-8000-00000000000b';
export const ADMIN_A = '0190b000-0000-7000-8000-0000000000a1';
export const MANAGER_A = '0190b000-0000-7000-8000-0000000000a2';
export const REP_A = '0190b000-0000-7000-8000-0000000000a3';
export const ADMIN_B = '0190b000-0000-7000-8000-0000000000b1';
export const PIPELINE = '0190b000-0000-7000-8000-0000000000c1';

export const adminA: SessionContext = { userId: ADMIN_A, tenantId: TENANT_A, role: 'admin' };
export const adminB: SessionContext = { userId: ADMIN_B, tenantId: TENANT_B, role: 'admin' };

/** A clock tests move by hand, so a two-day wait takes no time. */
export class ManualClock implements Clock {
  constructor(private t = new Date('2026-11-22T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export interface EngineFixture {
  t: TestDatabase;
  boss: PgBoss;
  clock: ManualClock;
  engine: WorkflowEngine;
  /**
   * Moves the engine's clock on, and with it the queue: run jobs whose wait or retry is now
   * due by that clock may start (their real start is hours away otherwise).
   */
  advance(ms: number): Promise<void>;
  dispose(): Promise<void>;
}

/** Seeds two tenants with an admin each (A also has a manager and a rep). */
export async function seedTenants(tx: Queryable): Promise<void> {
  await tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Acme', 'acme-wf'), ($2, 'Globex', 'globex-wf')`, [TENANT_A, TENANT_B]);
  const users: [string, string, string, string][] = [
    [ADMIN_A, 'admin@a.test', TENANT_A, 'admin'],
    [MANAGER_A, 'manager@a.test', TENANT_A, 'manager'],
    [REP_A, 'rep@a.test', TENANT_A, 'rep'],
    [ADMIN_B, 'admin@b.test', TENANT_B, 'admin'],
  ];
  for (const [id, email, tenant, role] of users) {
    await tx.query('INSERT INTO users (id, email, name) VALUES ($1, $2, $2)', [id, email]);
    await tx.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)', [tenant, id, role]);
  }
}

/** A migrated database with tenants, pg-boss started on it, and an engine on a manual clock. */
export async function createEngineFixture(options: Partial<EngineOptions> = {}): Promise<EngineFixture> {
  const t = await createTestDatabase();
  await withSystem(seedTenants, t.db);
  const boss = await startQueue(t.db);
  const clock = new ManualClock();
  // The test receivers listen on 127.0.0.1, so webhook steps may reach private addresses here
  // (the production rule is tested with allowPrivateTargets: false).
  const engine = new WorkflowEngine({ db: t.db, boss, clock, retryBaseMs: 1000, retryMaxMs: 60_000, allowPrivateTargets: true, ...options });
  return {
    t,
    boss,
    clock,
    engine,
    async advance(ms) {
      clock.advance(ms);
      await t.db.query(
        `UPDATE pgboss.job SET start_after = now() - interval '1 millisecond' WHERE name = $1 AND state = 'created' AND (data->>'wakeAt')::timestamptz <= $2`,
        [RUN_QUEUE, clock.now()],
      );
    },
    async dispose() {
      await boss.stop({ graceful: false, wait: true, close: false });
      await t.dispose();
    },
  };
}

/** Creates, saves and publishes a workflow; returns its id. */
export async function publish(fx: EngineFixture, def: WorkflowDefinition, ctx = adminA, name = 'Test flow'): Promise<string> {
  const w = await createWorkflow(ctx, { name }, fx.t.db);
  await saveDraft(ctx, w.id, { definition: def, revision: w.draftRevision }, fx.t.db);
  await publishWorkflow(ctx, w.id, fx.t.db);
  return w.id;
}

/** Stores a signing secret and returns its id. */
export async function secret(fx: EngineFixture, value: string, ctx = adminA): Promise<string> {
  return (await createWorkflowSecret(ctx, { name: 'hook', value }, fx.t.db)).id;
}

/** What a test sets on a deal; every other field keeps its value (or a default when new). */
export type DealFields = Partial<Pick<DealDoc, 'id' | 'name' | 'stageId' | 'amountCents' | 'ownerId' | 'closeDate'>>;

/**
 * Writes a deal through the record pipeline (lib/records/applyChanges) as a person of the
 * tenant (its admin unless `actor` is given): the role rules, change log, audit entry and
 * live-stream notification are the ones a phone's push goes through.
 */
export async function writeDeal(fx: EngineFixture, tenantId: string, fields: DealFields, actor?: SessionContext): Promise<string> {
  const by = actor ?? (tenantId === TENANT_A ? adminA : tenantId === TENANT_B ? adminB : undefined);
  if (!by || by.tenantId !== tenantId) throw new Error(`no actor for tenant ${tenantId}`);
  const def = deals as unknown as CollectionDef;
  const id = fields.id ?? uuidv7();
  await withTenant(
    tenantId,
    async (tx) => {
      const before = (await lockRecords(tx, def, tenantId, [id])).get(id) ?? null;
      const now = new Date().toISOString();
      const fresh = { id, name: 'Deal', pipelineId: PIPELINE, stageId: 'lead', amountCents: 0, currency: 'EUR', closeDate: null, status: 'open', companyId: null, contactId: null, ownerId: null, createdAt: now, _deleted: false };
      const after = deals.wireSchema.parse({ ...(before ?? fresh), ...fields, updatedAt: now }) as AnyWireDoc;
      await applyChanges(tx, by, def, [{ before, after }], { source: 'sync' });
    },
    fx.t.db,
  );
  return id;
}

export interface ReceivedHook {
  body: string;
  signature: string;
  idempotencyKey: string;
  validSignature: boolean;
}

export interface HookServer {
  url: string;
  received: ReceivedHook[];
  /** Distinct idempotency keys: what a deduplicating receiver would act on. */
  effects(): number;
  /** Next responses (status codes, or 'hang'); afterwards 200. */
  script: (number | 'hang')[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A local HTTP receiver that checks HMAC signatures with `secretValue`. */
export async function startHookServer(secretValue: string, clock: Clock): Promise<HookServer> {
  const received: ReceivedHook[] = [];
  const script: (number | 'hang')[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const signature = String(req.headers[SIGNATURE_HEADER] ?? '');
    const idempotencyKey = String(req.headers[IDEMPOTENCY_HEADER] ?? '');
    received.push({ body, signature, idempotencyKey, validSignature: verifySignature(secretValue, body, signature, Math.floor(clock.now().getTime() / 1000)) });
    const next = script.shift() ?? 200;
    if (next === 'hang') return; // never answers: the step timeout must fire
    res.writeHead(next).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    script,
    effects: () => new Set(received.map((r) => r.idempotencyKey)).size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Rows of a table for one tenant (as the app role, so RLS applies). */
export async function rows<T extends Record<string, unknown>>(fx: EngineFixture, tenantId: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withTenant(tenantId, async (tx) => (await tx.query<T>(sql, params)).rows, fx.t.db);
}
