import 'server-only';
import { z } from 'zod';
import { getDb } from './open-database';
import type { Database, Queryable } from './types';

/** The non-owner role every tenant query runs as; row-level security applies to it. */
export const APP_ROLE = 'crm_app';

const tenantIdSchema = z.uuid();

/**
 * The one way to touch tenant data: opens a transaction, sets `app.tenant_id` and switches
 * to the non-owner role, so Postgres row-level security (not each query's WHERE clause)
 * keeps the tenants apart. Everything `fn` does commits or rolls back together.
 */
export async function withTenant<T>(
  tenantId: string,
  fn: (tx: Queryable) => Promise<T>,
  db?: Database,
): Promise<T> {
  // Security: a malformed id must never reach set_config as an empty or wildcard value.
  const id = tenantIdSchema.parse(tenantId);
  const database = db ?? (await getDb());
  return database.transaction(async (tx) => {
    await tx.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
    await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
    return fn(tx);
  });
}

/**
 * Runs as the owner, outside any tenant: only for cross-tenant system work (sign-in by
 * email, creating a tenant, migrations, seeding, scheduled jobs). Callers must say why.
 */
export async function withSystem<T>(fn: (tx: Queryable) => Promise<T>, db?: Database): Promise<T> {
  const database = db ?? (await getDb());
  return database.transaction(fn);
}
