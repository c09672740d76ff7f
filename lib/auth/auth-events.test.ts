import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceAudit } from '../audit/sequence-audit';
import { verifyChain } from '../audit/verify-chain';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { setDb } from '../db/open-database';
import { withSystem, withTenant } from '../db/with-tenant';
import { recordAuthEvent } from './auth-events';

const T = '00000000-0000-7000-8000-00000000000a';
const U = '00000000-0000-7000-8000-0000000000c1';

describe('auth events reach the tenant audit chain', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    setDb(t.db);
    await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'T', 'events-t')`, [T]));
  });
  afterAll(async () => {
    setDb(undefined);
    await t.dispose();
  });

  it('records tenant events in both places and keeps unknown-account failures out of any tenant', async () => {
    await recordAuthEvent({ kind: 'sign_in.password', outcome: 'success', userId: U, tenantId: T, ip: '203.0.113.5', userAgent: 'ua' });
    await recordAuthEvent({ kind: 'member.role_change', outcome: 'success', userId: U, tenantId: T, actorId: U, detail: { from: 'rep', to: 'manager' } });
    await recordAuthEvent({ kind: 'sign_in.password', outcome: 'failure', email: 'nobody@x.test', ip: '203.0.113.6' });
    const all = await withSystem(async (tx) => (await tx.query('SELECT count(*)::int AS n FROM auth_events')).rows[0]);
    expect(all).toEqual({ n: 3 });
    await sequenceAudit(T, t.db); // sequence before read
    const audit = await withTenant(T, async (tx) => (await tx.query<{ action: string; data: unknown; ip: string }>('SELECT action, data, ip FROM audit_log ORDER BY seq')).rows);
    expect(audit).toEqual([
      { action: 'auth.sign_in.password', data: { outcome: 'success' }, ip: '203.0.113.5' },
      { action: 'auth.member.role_change', data: { outcome: 'success', from: 'rep', to: 'manager' }, ip: null },
    ]);
    expect(await withTenant(T, (tx) => verifyChain(tx, T))).toMatchObject({ ok: true, entries: 2 });
  });
});
