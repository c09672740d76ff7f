import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepPendingAudit } from '../audit/sequence-audit';
import { verifyChain } from '../audit/verify-chain';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { recordAuthEvent } from './auth-events';
import { changePassword } from './change-password';
import { verifySecondFactor } from './second-factor';
import { signInWithPassword } from './sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from './testing-fixtures';

let t: TestDatabase;
let f: Fixture;
beforeAll(async () => {
  t = await createTestDatabase();
  setDb(t.db);
  f = await seedAuthFixture(t.db);
});
afterAll(async () => {
  setDb(undefined);
  await t.dispose();
});

const meta = { ip: '203.0.113.40', userAgent: 'test' };
/** Chains every tenant's committed entries: the sequencer pass every reader of the log runs first. */
const chainAll = () => sweepPendingAudit(t.db, 0);
const actions = async (tenantId: string, userId: string) => {
  await chainAll();
  const r = await t.db.query<{ action: string; outcome: string }>(
    `SELECT action, data->>'outcome' AS outcome FROM audit_log WHERE tenant_id = $1 AND target_id = $2 ORDER BY seq`,
    [tenantId, userId],
  );
  return r.rows.map((row) => `${row.action}:${row.outcome}`);
};

describe('auth events of a person reach the audit log of every organization they belong to', () => {
  it('failed sign-in, second-factor failure and password change appear in both tenants of a two-tenant member', async () => {
    const both = f.users.both;
    expect(await signInWithPassword({ email: both.email, password: 'not the password at all' }, meta)).toBeNull();
    await expect(verifySecondFactor(both.id, '123456', meta)).rejects.toMatchObject({ status: 422 });
    await expect(verifySecondFactor(both.id, 'ABCD-EFGH-JKMN', meta)).rejects.toMatchObject({ status: 422 });
    await changePassword(both.id, { currentPassword: FIXTURE_PASSWORD, newPassword: 'a brand new passphrase 2027' }, meta);
    for (const tenant of [f.tenants.acme, f.tenants.globex]) {
      const seen = await actions(tenant, both.id);
      expect(seen).toContain('auth.sign_in.password:failure');
      expect(seen).toContain('auth.sign_in.second_factor:failure');
      expect(seen).toContain('auth.sign_in.recovery_code:failure');
      expect(seen).toContain('auth.password.change:success');
      expect(await withTenant(tenant, (tx) => verifyChain(tx, tenant))).toMatchObject({ ok: true });
    }
    // A one-tenant member's failure reaches that tenant only.
    expect(await signInWithPassword({ email: f.users.rep.email, password: 'wrong wrong wrong' }, meta)).toBeNull();
    expect(await actions(f.tenants.acme, f.users.rep.id)).toContain('auth.sign_in.password:failure');
    expect(await actions(f.tenants.globex, f.users.rep.id)).toEqual([]);
  });

  it('a failure for an unknown email stays out of every tenant', async () => {
    await chainAll();
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
    expect(await signInWithPassword({ email: 'nobody-here@test.example', password: 'whatever it is' }, meta)).toBeNull();
    await chainAll();
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(before);
    const stored = await t.db.query<{ tenant_id: string | null }>(`SELECT tenant_id FROM auth_events WHERE email = 'nobody-here@test.example'`);
    expect(stored.rows).toEqual([{ tenant_id: null }]);
  });

  it('leaves the caller’s transaction on its own tenant setting after writing to every organization', async () => {
    const setting = async (tx: Parameters<Parameters<typeof withSystem>[0]>[0]) =>
      (await tx.query<{ v: string | null }>("SELECT current_setting('app.tenant_id', true) AS v")).rows[0]?.v ?? '';
    const both = f.users.both;
    // Whichever of the two sorts first: the fan-out ends on the other one.
    const [first, last] = [f.tenants.acme, f.tenants.globex].sort();
    const seen = await withSystem(async (tx) => {
      await tx.query("SELECT set_config('app.tenant_id', $1, true)", [first!]);
      await recordAuthEvent({ kind: 'password.change', outcome: 'success', userId: both.id, ...meta }, tx);
      const afterSet = await setting(tx);
      await tx.query("SELECT set_config('app.tenant_id', '', true)");
      await recordAuthEvent({ kind: 'password.change', outcome: 'success', userId: both.id, ...meta }, tx);
      return [afterSet, await setting(tx)];
    });
    expect(seen).toEqual([first, '']);
    expect(last).not.toBe(first);
    for (const tenant of [f.tenants.acme, f.tenants.globex]) expect(await actions(tenant, both.id)).toContain('auth.password.change:success');
  });
});
