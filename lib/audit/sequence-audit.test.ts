import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing, setKeyRing } from '../crypto/key-ring';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { appendAudit, appendAuditMany, type AuditEvent } from './append-audit';
import { sequenceAudit, sweepPendingAudit } from './sequence-audit';
import { signHead } from './sign-head';
import { verifyChain } from './verify-chain';
import { verifyHeads } from './verify-heads';
import { PENDING_OVERDUE_MS, verifyPending } from './verify-pending';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  setKeyRing(parseKeyRing(`a:${randomBytes(32).toString('base64')}`));
});
afterAll(async () => {
  setKeyRing(undefined);
  await t.dispose();
});

const engine = process.env.DATABASE_URL ? 'Postgres: writers truly concurrent through the pool' : 'PGlite: writers queue on its one connection';

async function newTenant(): Promise<string> {
  const id = randomUUID();
  await t.db.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'T', $2)`, [id, `seq-${id.slice(-12)}`]);
  return id;
}

const event = (tenantId: string, targetId: string, withValues: boolean): AuditEvent => ({
  tenantId,
  action: 'record.update',
  targetType: 'deals',
  targetId,
  data: { fields: ['stageId'], nested: { z: 1, a: [1, { y: 2 }] } },
  ...(withValues ? { values: { stageId: { before: 'lead', after: targetId } } } : {}),
});

/** Every check an auditor runs: the chain, the entries waiting for the sequencer, the signed heads. */
async function verifyAll(tenantId: string) {
  return withTenant(tenantId, async (tx) => ({
    chain: await verifyChain(tx, tenantId),
    pending: await verifyPending(tx, tenantId),
    heads: await verifyHeads(tx, tenantId),
  }), t.db);
}
const allOk = (v: Awaited<ReturnType<typeof verifyAll>>) => v.chain.ok && v.pending.ok && v.heads.ok;

/** An entry written outside any adapter transaction: nothing kicks the sequencer, so it stays pending. */
const appendPendingOnly = (tenantId: string, targetId: string) => appendAudit(t.db, event(tenantId, targetId, true));

type Tamper = { kind: 'none' } | { kind: 'edit' | 'delete' | 'insert'; where: 'chained' | 'pending'; at: number };

describe(`audit sequencer (${engine})`, () => {
  it('chains every entry of concurrent writers exactly once, in each writer’s order; any edited, deleted or inserted entry fails verification', async () => {
    const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
      fc.constant<Tamper>({ kind: 'none' }),
      fc.record({ kind: fc.constantFrom('edit' as const, 'delete' as const, 'insert' as const), where: fc.constant('chained' as const), at: fc.nat() }),
      fc.record({ kind: fc.constantFrom('edit' as const, 'insert' as const), where: fc.constant('pending' as const), at: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(
        // writers × their transactions × entries per transaction
        fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 4 }),
        tamperArb,
        async (writers, sequencerRuns, tamper) => {
          const tenant = await newTenant();
          const expected: string[][] = writers.map((batches, w) => batches.flatMap((n, b) => Array.from({ length: n }, (_, k) => `w${w}-b${b}-e${k}`)));
          await Promise.all([
            ...writers.map(async (batches, w) => {
              for (const [b, n] of batches.entries()) {
                await withTenant(tenant, (tx) => appendAuditMany(tx, tenant, Array.from({ length: n }, (_, k) => event(tenant, `w${w}-b${b}-e${k}`, k % 2 === 0))), t.db);
              }
            }),
            // Sequencer passes interleaved with the writers (besides the one each commit starts).
            ...Array.from({ length: sequencerRuns }, () => sequenceAudit(tenant, t.db)),
          ]);
          await sequenceAudit(tenant, t.db); // sequence before read

          const chained = await t.db.query<{ seq: number; target_id: string }>('SELECT seq, target_id FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [tenant]);
          const total = expected.flat().length;
          expect(chained.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
          expect(new Set(chained.rows.map((r) => r.target_id))).toEqual(new Set(expected.flat()));
          const position = new Map(chained.rows.map((r) => [r.target_id, Number(r.seq)]));
          for (const mine of expected) {
            const seqs = mine.map((id) => position.get(id)!);
            expect(seqs).toEqual([...seqs].sort((a, b) => a - b)); // a writer's entries keep its order
          }
          expect((await t.db.query('SELECT 1 FROM audit_pending WHERE tenant_id = $1', [tenant])).rows).toEqual([]);
          await withTenant(tenant, (tx) => signHead(tx, tenant), t.db);
          // Two entries wait for the sequencer: what pending tampering works on.
          await appendPendingOnly(tenant, 'late-1');
          await appendPendingOnly(tenant, 'late-2');
          const clean = await verifyAll(tenant);
          expect(clean.chain).toEqual({ ok: true, entries: total, fromSeq: 1 });
          expect(clean.pending).toEqual({ ok: true, waiting: 2, problems: [] });
          expect(clean.heads).toMatchObject({ ok: true, unsignedEntries: 2 });
          if (tamper.kind === 'none') return;

          const seq = (tamper.at % total) + 1;
          const pendingIds = (await t.db.query<{ id: number }>('SELECT id FROM audit_pending WHERE tenant_id = $1 ORDER BY id', [tenant])).rows.map((r) => Number(r.id));
          const pendingId = pendingIds[tamper.at % pendingIds.length]!;
          // As the owner: the app role can change neither table (tested below).
          if (tamper.where === 'chained') {
            if (tamper.kind === 'edit') await t.db.query(`UPDATE audit_log SET data = data || '{"forged":true}' WHERE tenant_id = $1 AND seq = $2`, [tenant, seq]);
            if (tamper.kind === 'delete') await t.db.query('DELETE FROM audit_log WHERE tenant_id = $1 AND seq = $2', [tenant, seq]);
            if (tamper.kind === 'insert') {
              await t.db.query(
                `INSERT INTO audit_log (tenant_id, seq, occurred_at, action, data, prev_hash, hash)
                 SELECT tenant_id, seq + 1, occurred_at, 'auth.sign_in', '{}', hash, repeat('f', 64) FROM audit_log WHERE tenant_id = $1 AND seq = $2`,
                [tenant, total],
              );
            }
          } else {
            if (tamper.kind === 'edit') await t.db.query(`UPDATE audit_pending SET target_id = 'forged' WHERE tenant_id = $1 AND id = $2`, [tenant, pendingId]);
            if (tamper.kind === 'insert') {
              await t.db.query(
                `INSERT INTO audit_pending (tenant_id, occurred_at, action, data, content_hash) VALUES ($1, now(), 'auth.sign_in', '{}', repeat('f', 64))`,
                [tenant],
              );
            }
          }
          const v = await verifyAll(tenant);
          expect(allOk(v)).toBe(false);
          if (tamper.where === 'pending') {
            expect(v.pending.problems.map((p) => p.reason)).toContain('content_changed');
            // The sequencer refuses it: it stays pending (and reported), never chained as genuine.
            await sequenceAudit(tenant, t.db);
            const after = await verifyAll(tenant);
            expect(after.pending.problems.map((p) => p.reason)).toEqual(['content_changed']);
            expect(after.pending.waiting).toBe(1);
            // The genuine pending entries beside it were chained.
            expect(after.chain).toEqual({ ok: true, entries: total + (tamper.kind === 'insert' ? 2 : 1), fromSeq: 1 });
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('verification reports an entry left pending past the bound; the timer’s sweep chains it', async () => {
    const tenant = await newTenant();
    await appendPendingOnly(tenant, 'stuck');
    const minuteAgo = new Date(Date.now() - PENDING_OVERDUE_MS - 5_000).toISOString();
    await t.db.query('UPDATE audit_pending SET appended_at = $2 WHERE tenant_id = $1', [tenant, minuteAgo]);
    const v = await verifyAll(tenant);
    expect(v.pending).toMatchObject({ ok: false, waiting: 1, problems: [{ reason: 'overdue' }] });
    // The sweep finds every tenant with entries older than its threshold, and chains them.
    expect(await sweepPendingAudit(t.db)).toContain(tenant);
    const after = await verifyAll(tenant);
    expect(after.pending).toEqual({ ok: true, waiting: 0, problems: [] });
    expect(after.chain).toEqual({ ok: true, entries: 1, fromSeq: 1 });
    const values = await t.db.query<{ changes: unknown }>('SELECT changes FROM audit_values WHERE tenant_id = $1', [tenant]);
    expect(values.rows).toEqual([{ changes: { stageId: { before: 'lead', after: 'stuck' } } }]);
  });

  it('a deleted newest entry does not stall the sequencer: later entries are chained, verification reports the damage', async () => {
    const tenant = await newTenant();
    await withTenant(tenant, (tx) => appendAuditMany(tx, tenant, [event(tenant, 'one', true), event(tenant, 'two', true)]), t.db);
    await sequenceAudit(tenant, t.db);
    await withTenant(tenant, (tx) => signHead(tx, tenant), t.db);
    await t.db.query('DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 2', [tenant]); // its values stay behind
    await withTenant(tenant, (tx) => appendAudit(tx, event(tenant, 'three', true)), t.db);
    await sequenceAudit(tenant, t.db);
    const chained = await t.db.query<{ seq: number; target_id: string }>('SELECT seq, target_id FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [tenant]);
    expect(chained.rows.map((r) => [Number(r.seq), r.target_id])).toEqual([[1, 'one'], [2, 'three']]);
    const v = await verifyAll(tenant);
    expect(v.pending).toEqual({ ok: true, waiting: 0, problems: [] });
    expect(v.chain).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'values_changed' });
    expect(v.heads.problems).toEqual([{ reason: 'head_mismatch', headSeq: 2 }]);
  });

  it('pending values are checked against the hash the entry commits to', async () => {
    const tenant = await newTenant();
    await appendPendingOnly(tenant, 'v');
    await t.db.query(`UPDATE audit_pending SET changes = '{"stageId":{"before":"lead","after":"forged"}}' WHERE tenant_id = $1`, [tenant]);
    expect((await verifyAll(tenant)).pending.problems.map((p) => p.reason)).toEqual(['values_changed']);
  });

  it('a rolled-back write leaves nothing pending or chained', async () => {
    const tenant = await newTenant();
    await expect(
      withTenant(tenant, async (tx) => {
        await appendAudit(tx, event(tenant, 'gone', true));
        throw new Error('rolled back');
      }, t.db),
    ).rejects.toThrow('rolled back');
    await sequenceAudit(tenant, t.db);
    expect((await verifyAll(tenant)).chain).toEqual({ ok: true, entries: 0, fromSeq: 1 });
    expect((await t.db.query('SELECT 1 FROM audit_pending WHERE tenant_id = $1', [tenant])).rows).toEqual([]);
  });

  it('the app role may write and read pending entries, never change or remove them, and sees only its tenant’s', async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    await appendPendingOnly(a, 'a1');
    await expect(withTenant(a, (tx) => tx.query(`UPDATE audit_pending SET target_id = 'x'`), t.db)).rejects.toThrow(/permission denied/);
    await expect(withTenant(a, (tx) => tx.query('DELETE FROM audit_pending'), t.db)).rejects.toThrow(/permission denied/);
    expect(await withTenant(b, async (tx) => (await tx.query('SELECT * FROM audit_pending')).rows, t.db)).toEqual([]);
    await expect(withTenant(a, (tx) => tx.query("SELECT audit_pending_tenants('0 seconds')"), t.db)).rejects.toThrow(/permission denied/);
    await expect(withSystem((tx) => tx.query('SELECT * FROM audit_pending'), t.db)).resolves.toBeTruthy();
  });
});
