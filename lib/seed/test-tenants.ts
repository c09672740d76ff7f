import 'server-only';
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/types';
import { env, type Env } from '../env';
import { clientIp, isLoopback } from '../http/client-ip';
import { DEMO_PASSWORD, generateExtraTenant, type DemoSize, type Role } from './demo-data';
import { seedDatabase } from './seed-database';

// A fresh, seeded tenant per browser test that changes records: the per-test database reset of
// a multi-tenant product. Tests no longer clean up after each other or trip on each other's
// leftovers, and seeding one small tenant takes a fraction of a second, not a server restart.

export const testTenantRequestSchema = z.object({
  label: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lowercase letters, digits and dashes, 1 to 32'),
});

/** Small enough to seed and sync at once, big enough for lists, a board and search. */
export const TEST_TENANT_SIZE: DemoSize = { companies: 40, contacts: 120, deals: 60, activities: 240 };

export interface TestTenant {
  tenantId: string;
  slug: string;
  password: string;
  /** The login of each role, `role@<slug>.test`. */
  logins: Record<Role, string>;
}

/**
 * Security: seeds users with the published demo password, so it answers only on a server
 * started for browser tests (TEST_TENANTS=1, set by scripts/e2e-server.mjs), and in a
 * production build only to callers on this machine; everyone else gets a 404.
 */
export function testTenantsOpenTo(headers: Headers, e: Pick<Env, 'NODE_ENV' | 'TEST_TENANTS'> = env()): boolean {
  if (e.TEST_TENANTS !== '1') return false;
  return e.NODE_ENV !== 'production' || isLoopback(clientIp(headers));
}

/** Seeds a tenant of its own for `label` (the test's name, say) and returns its logins. */
export async function createTestTenant(db: Database, label: string, anchor = new Date()): Promise<TestTenant> {
  const seed = randomInt(1, 2 ** 31 - 1);
  const slug = `${label}-${seed.toString(36)}`;
  const data = generateExtraTenant({ anchor, seed, slug, name: `Test ${label}`, size: TEST_TENANT_SIZE });
  const { seeded } = await seedDatabase(db, data);
  if (!seeded) throw new Error(`test tenant ${slug} exists already`);
  const logins = Object.fromEntries(data.users.map((u) => [u.memberships[0]!.role, u.email])) as Record<Role, string>;
  return { tenantId: data.tenants[0]!.id, slug, password: DEMO_PASSWORD, logins };
}
