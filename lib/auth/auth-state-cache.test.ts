import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { setIpAllowlist } from '../tenancy/security-settings-service';
import { setMfaPolicy } from '../tenancy/tenant-settings';
import { updateMember } from '../tenancy/members';
import { loadAuthState } from './auth-state';
import { AuthStateCache } from './auth-state-cache';
import { bumpSessionVersion, revokeSession } from './sessions';
import { seedAuthFixture, type Fixture } from './testing-fixtures';
import type { SessionClaims } from './session-token';

// The session cache of the hot read path (auth-state-cache.ts): the same answers as
// loadAuthState, without the database while nothing changed, and never a stale one after a
// change made here; another instance's change arrives by notification.

let t: TestDatabase;
let f: Fixture;
/** Transactions opened on the database by the code under test. */
let transactions = 0;
let db: Database;
beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db); // auth events of the changes below are written to the process database
  f = await seedAuthFixture(t.db);
  db = Object.assign(Object.create(t.db) as Database, {
    transaction: <T,>(fn: Parameters<Database['transaction']>[0]) => {
      transactions += 1;
      return t.db.transaction(fn) as Promise<T>;
    },
  });
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

function claimsOf(user: { id: string }, tenantId: string, over: Partial<SessionClaims> = {}): SessionClaims {
  const now = Math.floor(Date.now() / 1000);
  return { sub: user.id, sid: uuidv7(), sv: 0, tid: tenantId, mfa: true, auth: now, iat: now, exp: now + 3600, ...over } as SessionClaims;
}

function makeCache(opts: { ttlMs?: number; hearLocalChanges?: boolean } = {}) {
  const clock = { now: 1_000_000 };
  const cache = new AuthStateCache(async () => db, { ttlMs: opts.ttlMs ?? 600_000, now: () => clock.now, hearLocalChanges: opts.hearLocalChanges });
  return { cache, clock };
}

async function counted(fn: () => Promise<unknown>): Promise<number> {
  const before = transactions;
  await fn();
  return transactions - before;
}

const ctxOf = (user: { id: string }, tenantId: string, role: 'owner' | 'admin') => ({ userId: user.id, tenantId, role, ip: '10.0.0.1' });

describe('session cache', () => {
  it("answers a repeated check from memory with loadAuthState's own answer", async () => {
    const { cache } = makeCache();
    const claims = claimsOf(f.users.rep, f.tenants.acme);
    const first = await cache.load(claims);
    expect(first).toEqual(await loadAuthState(claims, t.db));
    let again: unknown;
    expect(await counted(async () => (again = await cache.load(claims)))).toBe(0);
    expect(again).toEqual(first);
    // Another session of the same person is its own entry (its sid may be revoked alone).
    expect(await counted(() => cache.load(claimsOf(f.users.rep, f.tenants.acme)))).toBe(1);
    await cache.close();
  });

  it('a sign-out, a session version bump or a deactivation here is seen by the very next check', async () => {
    const { cache } = makeCache();
    const claims = claimsOf(f.users.auditor, f.tenants.acme);
    await cache.load(claims);
    await revokeSession(claims.sid, f.users.auditor.id, claims.exp!, t.db);
    expect(await cache.load(claims)).toBeNull();

    const other = claimsOf(f.users.auditor, f.tenants.acme);
    expect(await cache.load(other)).not.toBeNull();
    await withSystem((tx) => bumpSessionVersion(f.users.auditor.id, tx), t.db);
    expect(await cache.load(other)).toBeNull();

    const rep = claimsOf(f.users.rep, f.tenants.acme);
    expect((await cache.load(rep))?.tenant.role).toBe('rep');
    await updateMember(ctxOf(f.users.owner, f.tenants.acme, 'owner'), f.users.rep.id, { role: 'auditor' }, t.db);
    expect((await cache.load(rep))?.tenant.role).toBe('auditor');
    await updateMember(ctxOf(f.users.owner, f.tenants.acme, 'owner'), f.users.rep.id, { active: false }, t.db);
    expect(await cache.load(rep)).toBeNull();
    await updateMember(ctxOf(f.users.owner, f.tenants.acme, 'owner'), f.users.rep.id, { role: 'rep', active: true }, t.db);
    await cache.close();
  });

  it("an organization's IP allowlist or 2FA policy change here is seen by its members' very next check", async () => {
    const { cache } = makeCache();
    const claims = claimsOf(f.users.both, f.tenants.globex, { mfa: false });
    expect((await cache.load(claims))?.stage).toBe('ready');
    // Acme is not the session's organization, but its allowlist is part of the memberships listed.
    await setIpAllowlist(ctxOf(f.users.owner, f.tenants.acme, 'owner'), { ranges: ['10.0.0.0/8'] }, t.db);
    expect((await cache.load(claims))?.memberships.find((m) => m.tenantId === f.tenants.acme)?.ipAllowlist).toEqual(['10.0.0.0/8']);
    await setMfaPolicy(ctxOf(f.users.globexAdmin, f.tenants.globex, 'admin'), { mfaRequiredRoles: ['manager'] }, t.db);
    expect((await cache.load(claims))?.stage).toBe('needs_enrollment');
    await setMfaPolicy(ctxOf(f.users.globexAdmin, f.tenants.globex, 'admin'), { mfaRequiredRoles: [] }, t.db);
    await setIpAllowlist(ctxOf(f.users.owner, f.tenants.acme, 'owner'), { ranges: [] }, t.db);
    await cache.close();
  });

  it("another instance's change arrives by its notification (the trigger), with nothing signalled here", async () => {
    const { cache } = makeCache({ hearLocalChanges: false });
    const claims = claimsOf(f.users.admin, f.tenants.acme);
    await cache.load(claims);
    expect(await counted(() => cache.load(claims))).toBe(0);
    // A raw write, as a writer that forgot to say anything would make it: the trigger still tells.
    await t.db.query('INSERT INTO revoked_sessions (sid, user_id, expires_at) VALUES ($1, $2, now() + interval \'1 hour\')', [claims.sid, f.users.admin.id]);
    await expect.poll(() => cache.load(claims), { timeout: 5000 }).toBeNull();
    await cache.close();
  });

  it('expires entries after the TTL; a change here drops them once committed, never when rolled back', async () => {
    const { cache, clock } = makeCache({ ttlMs: 5_000 });
    const claims = claimsOf(f.users.owner, f.tenants.acme);
    await cache.load(claims);
    expect(await counted(() => cache.load(claims))).toBe(0);
    clock.now += 5_001;
    expect(await counted(() => cache.load(claims))).toBe(1);
    expect(await counted(() => cache.load(claims))).toBe(0);
    // A change of this person made here, then rolled back: nothing changed, the entry stays.
    await withSystem(async (tx) => {
      await bumpSessionVersion(f.users.owner.id, tx);
      throw new Error('roll back');
    }, t.db).catch(() => undefined);
    expect(await counted(() => cache.load(claims))).toBe(0);
    await cache.close();
  });

  it('stores nothing while the LISTEN connection is down', async () => {
    let lose: ((err: Error) => void) | undefined;
    const flaky = Object.assign(Object.create(db) as Database, {
      listen: (channel: string, on: (p: string) => void, onLost?: (err: Error) => void) => {
        lose = onLost;
        return t.db.listen(channel, on);
      },
    });
    const cache = new AuthStateCache(async () => flaky, { ttlMs: 600_000 });
    const claims = claimsOf(f.users.owner, f.tenants.acme);
    await cache.load(claims);
    expect(await counted(() => cache.load(claims))).toBe(0);
    lose!(new Error('connection reset'));
    expect(await counted(() => cache.load(claims))).toBe(1);
    await cache.close();
  });
});
