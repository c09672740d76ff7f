import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyRing, setKeyRing, type KeyRing } from '../crypto/key-ring';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { appendAudit } from './append-audit';
import { enforceRetention } from './enforce-retention';
import { sequenceAudit } from './sequence-audit';
import { GENESIS_HASH, hashEntry } from './hash-entry';
import { HEAD_SIGNING_JOB, runHeadSigning } from './head-signing-job';
import { runAuditRetention } from './retention-job';
import { HEAD_HEARTBEAT_MS, listSignedHeads, signHead, type SignedHead } from './sign-head';
import { verifyChain } from './verify-chain';
import { verifyHeads } from './verify-heads';

const key = () => randomBytes(32).toString('base64');
const ringA = parseKeyRing(`a:${key()}`);
let t: TestDatabase;
let tenant: string;

beforeAll(async () => {
  t = await createTestDatabase();
  setKeyRing(ringA);
});
afterAll(async () => {
  setKeyRing(undefined);
  await t.dispose();
});
beforeEach(async () => {
  setKeyRing(ringA);
  tenant = crypto.randomUUID();
  await t.db.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'T', $2)`, [tenant, `heads-${tenant.slice(-8)}`]);
});

/** Writes `n` entries and chains them (the pass every reader runs first), so tests can edit the chain. */
const append = async (n: number, at?: Date) => {
  await withTenant(tenant, async (tx) => {
    for (let i = 0; i < n; i++) await appendAudit(tx, { tenantId: tenant, action: 'record.update', targetId: `r${i}`, ...(at ? { occurredAt: at } : {}) });
  }, t.db);
  await sequenceAudit(tenant, t.db);
};
const sign = (ring?: KeyRing) => withTenant(tenant, (tx) => signHead(tx, tenant, { ring }), t.db);
const signAt = (now: Date, onlyIfChanged = false) => withTenant(tenant, (tx) => signHead(tx, tenant, { now, onlyIfChanged }), t.db);
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const chain = () => withTenant(tenant, (tx) => verifyChain(tx, tenant), t.db);
const heads = (ring?: KeyRing, supplied?: readonly SignedHead[]) => withTenant(tenant, (tx) => verifyHeads(tx, tenant, { ring, supplied }), t.db);
const reasons = async (ring?: KeyRing) => (await heads(ring)).problems.map((p) => p.reason);

/** What an attacker with database access does: rewrite every hash from the first entry on, with no key needed. */
async function recomputeChain(): Promise<void> {
  const cp = await t.db.query<{ hash: string }>('SELECT hash FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY through_seq DESC LIMIT 1', [tenant]);
  let prev = cp.rows[0]?.hash ?? GENESIS_HASH;
  const rows = await t.db.query<Record<string, never>>('SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [tenant]);
  for (const r of rows.rows as Record<string, unknown>[]) {
    const hash = hashEntry(prev, {
      tenantId: tenant,
      seq: Number(r.seq),
      occurredAt: r.occurred_at as string,
      actorId: r.actor_id as string | null,
      action: r.action as string,
      targetType: r.target_type as string | null,
      targetId: r.target_id as string | null,
      data: r.data,
      ip: r.ip as string | null,
      userAgent: r.user_agent as string | null,
      requestId: r.request_id as string | null,
    });
    await t.db.query('UPDATE audit_log SET prev_hash = $3, hash = $4 WHERE tenant_id = $1 AND seq = $2', [tenant, r.seq, prev, hash]);
    prev = hash;
  }
}

describe('signed chain heads', () => {
  it('a signed head states seq, hash and entry count, and verifies', async () => {
    await append(3);
    const h = (await sign())!;
    expect(h.payload).toMatchObject({ tenantId: tenant, headSeq: 3, entries: 3, checkpoint: null });
    expect(h.keyId).toBe('a');
    expect(await heads()).toMatchObject({ ok: true, signedHeads: 1, unsignedEntries: 0, latest: { headSeq: 3, keyId: 'a' } });
  });

  it('an edited entry with the whole chain recomputed still passes the hash chain, but not the signed head', async () => {
    await append(5);
    await sign();
    await append(2);
    await t.db.query(`UPDATE audit_log SET data = '{"fields":["forged"]}' WHERE tenant_id = $1 AND seq = 2`, [tenant]);
    await recomputeChain();
    expect(await chain()).toMatchObject({ ok: true }); // the hole this closes
    expect((await heads()).problems).toEqual([{ reason: 'head_mismatch', headSeq: 5 }]);
  });

  it('deleting the newest entries below the signed count shows as truncation', async () => {
    await append(6);
    await sign();
    await t.db.query('DELETE FROM audit_log WHERE tenant_id = $1 AND seq > 4', [tenant]);
    expect(await chain()).toMatchObject({ ok: true, entries: 4 });
    expect((await heads()).problems).toEqual([{ reason: 'truncated', headSeq: 6, currentSeq: 4 }]);
  });

  it('an entry appended with a recomputed hash after the last signed head is reported as unsigned, then covered by the next signature', async () => {
    await append(3);
    await sign();
    await append(1); // indistinguishable from an attacker's insert with a correct hash
    expect(await heads()).toMatchObject({ ok: true, unsignedEntries: 1 });
    await sign();
    expect(await heads()).toMatchObject({ ok: true, unsignedEntries: 0, signedHeads: 2 });
  });

  it('a forged retention checkpoint is refused; a real retention run signs its checkpoint', async () => {
    await append(4, new Date('2020-01-01T00:00:00Z'));
    await append(2);
    await sign();
    // Real retention (the scheduled job signs the new checkpoint in the same transaction).
    await withSystem((tx) => tx.query(`UPDATE tenants SET settings = settings || '{"auditRetentionDays": 30}' WHERE id = $1`, [tenant]), t.db);
    const run = await runAuditRetention(t.db, new Date(), 0);
    expect(run.status).toBe('done');
    await withSystem((tx) => tx.query(`UPDATE tenants SET settings = settings - 'auditRetentionDays' WHERE id = $1`, [tenant]), t.db);
    expect(await chain()).toMatchObject({ ok: true, fromSeq: 5 });
    expect(await heads()).toMatchObject({ ok: true });

    // Forged: remove two more entries behind a made-up checkpoint, as the owner could.
    await append(2);
    await sign();
    await withSystem((tx) => enforceRetention(tx, tenant, 0, new Date(Date.now() + 86_400_000)), t.db);
    expect(await chain()).toMatchObject({ ok: true });
    expect(await reasons()).toContain('checkpoint_unsigned');
  });

  it('a head row written without the key does not verify; rotation keeps old heads valid while their key stays in the ring', async () => {
    await append(2);
    await sign();
    const ringB = parseKeyRing(`b:${key()},a:${ringA.keys.get('a')!.toString('base64')}`);
    await append(1);
    expect((await sign(ringB))!.keyId).toBe('b');
    expect(await heads(ringB)).toMatchObject({ ok: true, signedHeads: 2 });
    // Without key a, its head can no longer be checked.
    expect(await reasons(parseKeyRing(`b:${ringB.keys.get('b')!.toString('base64')}`))).toEqual(['unknown_key']);
    // A forged row: right shape, signature by a key not in the ring.
    const forged = (await sign(parseKeyRing(`a:${key()}`)))!;
    expect(forged.keyId).toBe('a');
    expect(await reasons(ringB)).toEqual(['bad_signature']);
  });

  it('heads kept from an export reveal heads deleted from the database', async () => {
    await append(3);
    await sign();
    await append(3);
    await sign();
    const kept = await withTenant(tenant, (tx) => listSignedHeads(tx, tenant), t.db);
    // Delete the newest entries and the head that covered them.
    await t.db.query('DELETE FROM audit_log WHERE tenant_id = $1 AND seq > 3', [tenant]);
    await t.db.query('DELETE FROM audit_heads WHERE tenant_id = $1 AND head_seq = 6', [tenant]);
    expect(await heads()).toMatchObject({ ok: true });
    const withKept = await heads(undefined, kept);
    expect(withKept.problems.map((p) => p.reason).sort()).toEqual(['head_missing', 'truncated']);
    // A head of another tenant passed off as this one's is refused.
    const other = { ...kept[0]!, payload: { ...kept[0]!.payload, tenantId: crypto.randomUUID() } };
    expect((await heads(undefined, [other])).problems.map((p) => p.reason)).toEqual(['bad_signature']);
  });

  it('the scheduled job signs each tenant whose head moved, once', async () => {
    await append(2);
    const first = await runHeadSigning(t.db, new Date(), 0);
    expect(first.status).toBe('done');
    const mine = async () => (await withTenant(tenant, (tx) => listSignedHeads(tx, tenant), t.db)).length;
    expect(await mine()).toBe(1);
    await runHeadSigning(t.db, new Date(), 0);
    expect(await mine()).toBe(1);
    await append(1);
    await runHeadSigning(t.db, new Date(), 0);
    expect(await mine()).toBe(2);
    const run = await t.db.query('SELECT 1 FROM maintenance_runs WHERE job = $1', [HEAD_SIGNING_JOB]);
    expect(run.rows.length).toBeGreaterThanOrEqual(3);
  });

  it('a quiet chain still gets a heartbeat head daily, so its newest head is never old', async () => {
    await append(2, daysAgo(5));
    expect(await signAt(daysAgo(5), true)).not.toBeNull();
    expect(await signAt(new Date(daysAgo(5).getTime() + HEAD_HEARTBEAT_MS / 2), true)).toBeNull(); // unchanged and fresh
    for (const d of [4, 3, 2, 1, 0]) expect((await signAt(daysAgo(d), true))?.payload.headSeq).toBe(2);
    expect(await heads()).toMatchObject({ ok: true, signedHeads: 6 });
    // The scheduled job signs the unchanged head once it is a heartbeat old.
    await runHeadSigning(t.db, new Date(Date.now() + HEAD_HEARTBEAT_MS + 60_000), 0);
    expect((await withTenant(tenant, (tx) => listSignedHeads(tx, tenant), t.db)).length).toBe(7);
  });

  it('deleting the newest entries with every head above the new last entry shows as a stale head; deleting every head shows as missing heads', async () => {
    await append(3, daysAgo(6));
    await signAt(daysAgo(6));
    await append(2, daysAgo(3));
    for (const d of [3, 2, 1, 0]) await signAt(daysAgo(d), true);
    expect(await heads()).toMatchObject({ ok: true });
    // The attacker removes the last three days: entries 4-5 and every head that covered them.
    await t.db.query('DELETE FROM audit_log WHERE tenant_id = $1 AND seq > 3', [tenant]);
    await t.db.query('DELETE FROM audit_heads WHERE tenant_id = $1 AND head_seq > 3', [tenant]);
    expect(await chain()).toMatchObject({ ok: true });
    expect((await heads()).problems).toEqual([{ reason: 'stale_head', headSeq: 3, signedAt: expect.any(String) }]);
    // And with every head gone, the old entries are covered by none.
    await t.db.query('DELETE FROM audit_heads WHERE tenant_id = $1', [tenant]);
    expect((await heads()).problems).toEqual([{ reason: 'missing_heads', fromSeq: 1, occurredAt: expect.any(String) }]);
  });

  it('a new chain with no head yet, and an old chain whose newest entries are younger than the heartbeat window, are fine', async () => {
    await append(2);
    expect(await heads()).toMatchObject({ ok: true, signedHeads: 0, unsignedEntries: 2 });
    await append(1, daysAgo(1));
    expect(await heads()).toMatchObject({ ok: true });
  });

  it('an entry deleted from the middle (stored hashes left alone) shows against the signed count', async () => {
    await append(6);
    await sign();
    await t.db.query('DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 3', [tenant]);
    expect((await heads()).problems).toEqual([{ reason: 'count_mismatch', headSeq: 6, signed: 6, kept: 5 }]);
  });

  it('the signed count allows for what real retention removed since', async () => {
    await append(4, new Date('2020-01-01T00:00:00Z'));
    await append(3);
    await sign(); // entries: 7, no checkpoint
    await withSystem((tx) => tx.query(`UPDATE tenants SET settings = settings || '{"auditRetentionDays": 30}' WHERE id = $1`, [tenant]), t.db);
    expect((await runAuditRetention(t.db, new Date(), 0)).status).toBe('done');
    await withSystem((tx) => tx.query(`UPDATE tenants SET settings = settings - 'auditRetentionDays' WHERE id = $1`, [tenant]), t.db);
    expect(await heads()).toMatchObject({ ok: true });
  });
});
