import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '@/lib/auth/roles';
import type { SessionContext } from '@/lib/auth/session-context';
import { createTestDatabase, type TestDatabase } from '@/lib/db/testing';
import { withSystem } from '@/lib/db/with-tenant';
import type { Database } from '@/lib/db/types';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { pullChanges } from './pull';

export const TENANT_A = '00000000-0000-7000-8000-0000000000aa';
export const TENANT_B = '00000000-0000-7000-8000-0000000000bb';

/** A session in `tenantId` with `role`; the user id is derived so each role is one person. */
export function session(tenantId: string, role: Role, userId?: string): SessionContext {
  const roleIndex = ['owner', 'admin', 'manager', 'rep', 'auditor'].indexOf(role) + 1;
  return { tenantId, role, userId: userId ?? `00000000-0000-7000-8000-${tenantId.slice(-2)}00000000${roleIndex}0`.slice(0, 36) };
}

/** A migrated database with tenants A and B (test tooling for sync tests). */
export async function createSyncTestDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  await withSystem(
    (tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Tenant A', 'tenant-a'), ($2, 'Tenant B', 'tenant-b')`, [TENANT_A, TENANT_B]),
    t.db,
  );
  return t;
}

/**
 * Waits until every transaction that started before now has finished, anywhere on the
 * database server: the change feed holds rows back while an older transaction runs, and on
 * a shared test server those are other test files' transactions.
 */
export async function feedSettled(db: Database, timeoutMs = 15_000): Promise<void> {
  const { rows } = await db.transaction((tx) => tx.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid'));
  const mine = BigInt(rows[0]!.xid);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await db.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    if (BigInt(r.rows[0]!.xmin) > mine) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('older transactions did not finish in time');
}

/** pullChanges once older transactions have finished (see feedSettled). */
export async function settledPull(ctx: SessionContext, collection: string, body: unknown, db: Database) {
  await feedSettled(db);
  return pullChanges(ctx, collection, body, db);
}

const at = '2026-11-22T09:00:00.000Z';

/** A valid contact document. */
export function contactDoc(overrides: Partial<AnyWireDoc> = {}): AnyWireDoc {
  return {
    id: uuidv7(),
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: null,
    phone: null,
    title: null,
    companyId: null,
    ownerId: null,
    createdAt: at,
    updatedAt: at,
    _deleted: false,
    ...overrides,
  };
}

/** A valid deal document. */
export function dealDoc(overrides: Partial<AnyWireDoc> = {}): AnyWireDoc {
  return {
    id: uuidv7(),
    name: 'Fleet contract',
    pipelineId: uuidv7(),
    stageId: 'lead',
    amountCents: 125_000_00,
    currency: 'EUR',
    closeDate: '2026-12-31',
    status: 'open',
    companyId: null,
    contactId: null,
    ownerId: null,
    createdAt: at,
    updatedAt: at,
    _deleted: false,
    ...overrides,
  };
}

/** A valid company document. */
export function companyDoc(overrides: Partial<AnyWireDoc> = {}): AnyWireDoc {
  return { id: uuidv7(), name: 'Acme', domain: null, industry: null, phone: null, address: null, city: null, country: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false, ...overrides };
}

/** A promise and its resolve: lets a test hold one transaction open while another runs. */
export function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
