import 'server-only';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { parseKeyRing, setKeyRing } from '../crypto/key-ring';
import type { Database } from '../db/types';
import { resetEnvCache } from '../env';
import { resetLimiters } from '../ratelimit/limiter';
import { hashPassword } from './password';
import type { Role } from './roles';

export const FIXTURE_PASSWORD = 'violet harbour lantern 2026';

export interface Fixture {
  tenants: { acme: string; globex: string };
  users: Record<'owner' | 'admin' | 'rep' | 'auditor' | 'globexAdmin' | 'both', { id: string; email: string }>;
}

/** Test setup: a session secret, an encryption key ring and fresh rate limiters for this process. */
export function prepareAuthSecrets(): void {
  process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123';
  resetEnvCache();
  setKeyRing(parseKeyRing(`test:${randomBytes(32).toString('base64')}`));
  resetLimiters();
}

/**
 * Test setup for auth tests: process secrets, fresh rate limiters, two tenants and a user
 * per role (plus one member of both tenants), all with FIXTURE_PASSWORD.
 */
export async function seedAuthFixture(db: Database): Promise<Fixture> {
  prepareAuthSecrets();
  const hash = await hashPassword(FIXTURE_PASSWORD);
  const acme = uuidv7();
  const globex = uuidv7();
  await db.query("INSERT INTO tenants (id, name, slug) VALUES ($1, 'Acme', $3), ($2, 'Globex', $4)", [acme, globex, `acme-${acme.slice(-6)}`, `globex-${globex.slice(-6)}`]);
  const make = async (key: string, memberships: [string, Role][]) => {
    const id = uuidv7();
    const email = `${key.toLowerCase()}-${id.slice(-8)}@test.example`;
    await db.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [id, email, key, hash]);
    for (const [t, role] of memberships) await db.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)', [t, id, role]);
    return { id, email };
  };
  return {
    tenants: { acme, globex },
    users: {
      owner: await make('Owner', [[acme, 'owner']]),
      admin: await make('Admin', [[acme, 'admin']]),
      rep: await make('Rep', [[acme, 'rep']]),
      auditor: await make('Auditor', [[acme, 'auditor']]),
      globexAdmin: await make('GlobexAdmin', [[globex, 'admin']]),
      both: await make('Both', [
        [acme, 'rep'],
        [globex, 'manager'],
      ]),
    },
  };
}
