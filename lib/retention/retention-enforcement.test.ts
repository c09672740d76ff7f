import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/append-audit';
import { runAuditRetention } from '../audit/retention-job';
import { sequenceAudit } from '../audit/sequence-audit';
import { verifyChain } from '../audit/verify-chain';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem, withTenant } from '../db/with-tenant';
import { runChangeDataRetention } from '../ops/change-data-retention-job';
import { findTraces } from '../privacy/testing';
import { applyChanges, systemActor } from '../records/apply-changes';
import { collectionDef, type AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { previewRetention, type RetentionCounts } from './preview-retention';
import { daysBefore, monthsBefore } from './retention-candidates';
import { DEFAULT_RETENTION_POLICY, retentionPolicyFromSettings, type RetentionPolicy } from './retention-policy';
import { runRecordRetention } from './record-retention-job';
import { setRetentionPolicy } from './retention-settings';

// Seeded data with rows on both sides of every cutoff, in two tenants: A with a policy, B with
// none (the server's defaults). The dry run is taken first; the scheduled jobs must then remove
// exactly what it counted, per category and per tenant.

const A = '0193c000-0000-7000-8000-0000000000a1';
const B = '0193c000-0000-7000-8000-0000000000b1';
const DAY = 86_400_000;
const POLICY_A: RetentionPolicy = { activitiesDays: 365, closedDealsMonths: 12, changeLogDays: 30, runPayloadDays: 10, auditDays: 30 };
const SECRET = 'Private: Ada Lovelace';
/** A value only one seeded record of one tenant holds (its subject or name, and its body), so a search for it finds that record's traces. */
const token = (tenantId: string, name: string) => `qv-${name}-${tenantId.slice(-2)}-trace`;

const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
const activityCutoff = daysBefore(now, 365);
const dealCutoffDay = monthsBefore(now, 12).toISOString().slice(0, 10);
const dayBefore = (day: string) => new Date(Date.parse(day) - DAY).toISOString().slice(0, 10);

let t: TestDatabase;
/** Per tenant: the seeded records by name. */
const ids: Record<string, Record<string, string>> = { [A]: {}, [B]: {} };

const activityDef = collectionDef('activities');
const dealDef = collectionDef('deals');

/** As the owner with the tenant set (the tables force row-level security). */
async function asOwner<T extends Record<string, unknown>>(tenantId: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withSystem(async (tx) => {
    await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    return (await tx.query<T>(sql, params)).rows;
  }, t.db);
}
const countOf = async (tenantId: string, sql: string) => (await asOwner<{ n: number }>(tenantId, sql, [tenantId]))[0]!.n;

/** Writes through the record pipeline, as an import would. */
async function write(tenantId: string, def: CollectionDef, before: AnyWireDoc | null, after: AnyWireDoc): Promise<void> {
  await withTenant(tenantId, (tx) => applyChanges(tx, systemActor(tenantId), def, [{ before, after }], { source: 'import' }), t.db);
}

function activity(fields: Partial<AnyWireDoc>): AnyWireDoc {
  const at = (fields.createdAt as string | undefined) ?? ago(400);
  return {
    id: uuidv7(), kind: 'call', subject: SECRET, body: `${SECRET}, at home`, dueAt: null, done: false, occurredAt: null, contactId: null, companyId: null,
    dealId: null, ownerId: null, latitude: 51.5, longitude: -0.12, createdAt: at, updatedAt: at, _deleted: false, ...fields,
  };
}

function deal(fields: Partial<AnyWireDoc>): AnyWireDoc {
  return {
    id: uuidv7(), name: SECRET, pipelineId: '0193c000-0000-7000-8000-0000000000c1', stageId: 'won', amountCents: 1000, currency: 'EUR', closeDate: null,
    status: 'won', companyId: null, contactId: null, ownerId: null, createdAt: ago(900), updatedAt: ago(900), _deleted: false, ...fields,
  };
}

async function seedRecords(tenantId: string): Promise<void> {
  const seeded: Record<string, AnyWireDoc> = {
    oldCall: activity({ occurredAt: ago(400) }),
    recentCall: activity({ occurredAt: ago(300), createdAt: ago(500) }),
    oldNote: activity({ kind: 'note', createdAt: ago(400) }),
    openTask: activity({ kind: 'task', dueAt: ago(400) }),
    doneTask: activity({ kind: 'task', dueAt: ago(400), done: true, createdAt: ago(10) }),
    visitAtCutoff: activity({ kind: 'visit', occurredAt: activityCutoff.toISOString() }),
    visitPastCutoff: activity({ kind: 'visit', occurredAt: new Date(activityCutoff.getTime() - 1).toISOString() }),
    deletedCall: activity({ occurredAt: ago(400) }),
    wonBeforeCutoff: deal({ closeDate: dayBefore(dealCutoffDay) }),
    lostOnCutoff: deal({ status: 'lost', closeDate: dealCutoffDay }),
    openOld: deal({ status: 'open', stageId: 'lead', closeDate: ago(800).slice(0, 10) }),
    wonUndatedOld: deal({ updatedAt: new Date(monthsBefore(now, 12).getTime() - DAY).toISOString() }),
    lostUndatedRecent: deal({ status: 'lost', updatedAt: ago(300) }),
    deletedWon: deal({ closeDate: ago(800).slice(0, 10) }),
    lostLongAgo: deal({ status: 'lost', closeDate: ago(800).slice(0, 10) }),
  };
  for (const [name, seed] of Object.entries(seeded)) {
    const def = 'kind' in seed ? activityDef : dealDef;
    const doc: AnyWireDoc = 'kind' in seed ? { ...seed, subject: token(tenantId, name), body: `${SECRET}, ${token(tenantId, name)}` } : { ...seed, name: token(tenantId, name) };
    await write(tenantId, def, null, doc);
    if (name.startsWith('deleted')) await write(tenantId, def, doc, { ...doc, _deleted: true, updatedAt: ago(1) });
    // An update too: the removed values must go from every earlier change and audit entry, not only the create's.
    if (name === 'oldCall') await write(tenantId, def, doc, { ...doc, body: `Updated: ${token(tenantId, name)}`, updatedAt: doc.createdAt });
    if (name === 'lostLongAgo') await write(tenantId, def, doc, { ...doc, amountCents: 2000, name: `${token(tenantId, name)} (renamed)`, updatedAt: doc.updatedAt });
    ids[tenantId]![name] = doc.id;
  }
}

/** A published workflow's runs: finished at various ages, one still running, one already stripped, one erased. */
async function seedRuns(tenantId: string): Promise<void> {
  const workflow = uuidv7();
  await asOwner(tenantId, `INSERT INTO workflows (tenant_id, id, name, owner_id, draft, published_version) VALUES ($1, $2, 'Flow', $3, '{}', 1)`, [tenantId, workflow, uuidv7()]);
  await asOwner(tenantId, `INSERT INTO workflow_versions (tenant_id, workflow_id, version, definition, trigger_type) VALUES ($1, $2, 1, '{}', 'record')`, [tenantId, workflow]);
  const runs: [string, string, string | null, unknown][] = [
    ['finished11', 'succeeded', ago(11), null],
    ['finished9', 'failed', ago(9), null],
    ['running', 'running', null, null],
    ['stripped', 'succeeded', ago(40), { expired: true, changedFields: ['name'] }],
    ['cancelled31', 'cancelled', ago(31), null],
    ['erased', 'succeeded', ago(40), { erased: true, changedFields: ['name'] }],
  ];
  for (const [name, status, finishedAt, trigger] of runs) {
    const id = uuidv7();
    await asOwner(
      tenantId,
      `INSERT INTO workflow_runs (tenant_id, id, workflow_id, version, status, trigger_key, trigger_type, trigger, finished_at)
       VALUES ($1, $2, $3, 1, $4, $5, 'record', $6::jsonb, $7)`,
      [tenantId, id, workflow, status, name, JSON.stringify(trigger ?? { record: { name: SECRET }, changedFields: ['name'] }), finishedAt],
    );
    await asOwner(
      tenantId,
      `INSERT INTO workflow_run_steps (tenant_id, run_id, seq, step_id, step_type, status, input, output, started_at, finished_at)
       VALUES ($1, $2, 1, 'n', 'notify', 'succeeded', $3::jsonb, $3::jsonb, now(), now())`,
      [tenantId, id, JSON.stringify({ message: SECRET })],
    );
    ids[tenantId]![name] = id;
  }
}

/** Old change-log rows for both cutoffs, one of them still named by a pending trigger job. */
async function ageChanges(tenantId: string): Promise<void> {
  await asOwner(tenantId, `UPDATE record_changes SET occurred_at = $2 WHERE tenant_id = $1 AND collection = 'activities'`, [tenantId, ago(40)]);
  await asOwner(tenantId, `UPDATE record_changes SET occurred_at = $2 WHERE tenant_id = $1 AND collection = 'deals'`, [tenantId, ago(tenantId === A ? 20 : 5)]);
  const [first] = await asOwner<{ id: number }>(tenantId, `SELECT id FROM record_changes WHERE tenant_id = $1 AND collection = 'activities' ORDER BY id LIMIT 1`, [tenantId]);
  ids[tenantId]!.unreadChange = String(first!.id);
  await withSystem(
    (tx) =>
      tx.query(
        `INSERT INTO pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, policy)
         SELECT q.name, $1::jsonb, q.retry_limit, q.retry_delay, q.retry_backoff, make_interval(secs => q.expire_seconds), q.policy
         FROM pgboss.queue q WHERE q.name = 'workflow-trigger'`,
        [JSON.stringify({ tenantId, collection: 'activities', changeIds: [Number(first!.id)] })],
      ),
    t.db,
  );
}

async function appendOld(tenantId: string, n: number, daysAgo: number): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    for (let i = 0; i < n; i++) await appendAudit(tx, { tenantId, action: 'record.update', targetType: 'deals', targetId: `d${i}`, occurredAt: new Date(now.getTime() - daysAgo * DAY + i) });
  }, t.db);
  await sequenceAudit(tenantId, t.db);
}

interface Snapshot {
  activities: number;
  closedDeals: number;
  changes: number;
  strippedRuns: number;
  auditEntries: number;
}

async function snapshot(tenantId: string): Promise<Snapshot> {
  await sequenceAudit(tenantId, t.db);
  return {
    activities: await countOf(tenantId, 'SELECT count(*)::int AS n FROM activities WHERE tenant_id = $1 AND NOT deleted'),
    closedDeals: await countOf(tenantId, `SELECT count(*)::int AS n FROM deals WHERE tenant_id = $1 AND NOT deleted AND status <> 'open'`),
    changes: await countOf(tenantId, 'SELECT count(*)::int AS n FROM record_changes WHERE tenant_id = $1'),
    strippedRuns: await countOf(tenantId, `SELECT count(*)::int AS n FROM workflow_runs WHERE tenant_id = $1 AND trigger ? 'expired'`),
    auditEntries: await countOf(tenantId, 'SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1'),
  };
}

const policyOf = async (tenantId: string) => retentionPolicyFromSettings((await asOwner<{ settings: unknown }>(tenantId, 'SELECT settings FROM tenants WHERE id = $1', [tenantId]))[0]?.settings);

describe('retention: the dry run counts exactly what the scheduled jobs then remove', () => {
  const preview: Record<string, RetentionCounts> = {};
  const before: Record<string, Snapshot> = {};

  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'retention-a'), ($2, 'B', 'retention-b')`, [A, B]), t.db);
    for (const tenant of [A, B]) {
      // Audit entries first, so the record writes below are the newest entries of each log.
      await appendOld(tenant, 5, 40);
      await appendOld(tenant, 3, 20);
      await seedRecords(tenant);
      await seedRuns(tenant);
      await ageChanges(tenant);
    }
    await setRetentionPolicy({ userId: uuidv7(), tenantId: A, role: 'admin' }, POLICY_A, t.db);
  }, 60_000);
  afterAll(() => t.dispose());

  it('the dry run counts each category by its rule, for the policy given', async () => {
    expect(await policyOf(A)).toEqual(POLICY_A);
    expect(await policyOf(B)).toEqual(DEFAULT_RETENTION_POLICY);
    preview[A] = await previewRetention(A, POLICY_A, now, t.db);
    preview[B] = await previewRetention(B, DEFAULT_RETENTION_POLICY, now, t.db);
    // A: four activities (old call, undated note, done task by its due date, visit 1 ms past
    // the cutoff), three closed deals, the activity changes but the one a pending job names,
    // two runs (11 and 31 days; not those stripped already or erased), the five audit entries
    // of 40 days ago.
    expect(preview[A]).toEqual({ activities: 4, closedDeals: 3, changes: 9, runPayloads: 2, auditEntries: 5 });
    // B keeps its records and audit log; its change log (7 days) and run data (30 days) follow the server's defaults.
    expect(preview[B]).toEqual({ activities: 0, closedDeals: 0, changes: 9, runPayloads: 1, auditEntries: 0 });
    // Another policy for B, previewed: nothing of B's is stored or changed by it.
    expect(await previewRetention(B, POLICY_A, now, t.db)).toEqual({ activities: 4, closedDeals: 3, changes: 9, runPayloads: 2, auditEntries: 5 });
    expect(await policyOf(B)).toEqual(DEFAULT_RETENTION_POLICY);
  });

  it('enforcement removes the counted rows, per category and tenant, and nothing else', async () => {
    for (const tenant of [A, B]) before[tenant] = await snapshot(tenant);

    const audit = await runAuditRetention(t.db, now);
    expect(audit).toMatchObject({ status: 'done', removed: { [A]: preview[A]!.auditEntries } });
    expect(audit.status === 'done' && audit.removed[B]).toBeFalsy();

    const changeData = await runChangeDataRetention(t.db, now);
    expect(changeData).toMatchObject({ status: 'done', detail: { changes: preview[A]!.changes + preview[B]!.changes, runs: preview[A]!.runPayloads + preview[B]!.runPayloads } });
    for (const tenant of [A, B]) {
      const after = await snapshot(tenant);
      expect(before[tenant]!.changes - after.changes).toBe(preview[tenant]!.changes);
      expect(after.strippedRuns - before[tenant]!.strippedRuns).toBe(preview[tenant]!.runPayloads);
    }

    // Two records per transaction, so several batches run.
    const records = await runRecordRetention(t.db, now, undefined, 2);
    expect(records).toMatchObject({ status: 'done', detail: { removed: { [A]: { activities: preview[A]!.activities, closedDeals: preview[A]!.closedDeals } } } });
    expect(records.status === 'done' && records.detail.removed[B]).toBeFalsy();
    for (const tenant of [A, B]) {
      const after = await snapshot(tenant);
      expect(before[tenant]!.activities - after.activities).toBe(preview[tenant]!.activities);
      expect(before[tenant]!.closedDeals - after.closedDeals).toBe(preview[tenant]!.closedDeals);
    }
  });

  it('keeps what the rules keep: open tasks, the cutoff itself, open deals, unread changes, unfinished runs', async () => {
    const liveActivities = await asOwner<{ id: string }>(A, 'SELECT id FROM activities WHERE tenant_id = $1 AND NOT deleted ORDER BY id', [A]);
    expect(liveActivities.map((r) => r.id)).toEqual([ids[A]!.recentCall, ids[A]!.openTask, ids[A]!.visitAtCutoff].sort());
    const liveDeals = await asOwner<{ id: string }>(A, 'SELECT id FROM deals WHERE tenant_id = $1 AND NOT deleted ORDER BY id', [A]);
    expect(liveDeals.map((r) => r.id)).toEqual([ids[A]!.lostOnCutoff, ids[A]!.openOld, ids[A]!.lostUndatedRecent].sort());
    expect(await asOwner(A, 'SELECT id FROM record_changes WHERE tenant_id = $1 AND id = $2', [A, ids[A]!.unreadChange])).toHaveLength(1);
    const runs = await asOwner<{ id: string; stripped: boolean }>(A, `SELECT id, trigger ? 'expired' AS stripped FROM workflow_runs WHERE tenant_id = $1`, [A]);
    expect(Object.fromEntries(runs.map((r) => [r.id, r.stripped]))).toEqual({
      [ids[A]!.finished11!]: true, [ids[A]!.finished9!]: false, [ids[A]!.running!]: false, [ids[A]!.stripped!]: true, [ids[A]!.cancelled31!]: true,
      [ids[A]!.erased!]: false,
    });
    // The erased run keeps the erasure's marker, so its page still says why the payload is gone.
    const erased = await asOwner<{ trigger: unknown }>(A, 'SELECT trigger FROM workflow_runs WHERE tenant_id = $1 AND id = $2', [A, ids[A]!.erased]);
    expect(erased).toEqual([{ trigger: { erased: true, changedFields: ['name'] } }]);
    const steps = await asOwner<{ input: unknown }>(A, 'SELECT input FROM workflow_run_steps WHERE tenant_id = $1 AND run_id = $2', [A, ids[A]!.finished11]);
    expect(steps).toEqual([{ input: null }]);
    // B's records are all there.
    expect(await countOf(B, 'SELECT count(*)::int AS n FROM activities WHERE tenant_id = $1 AND NOT deleted')).toBe(7);
  });

  it('deleted records are tombstones without their values, written through the record pipeline', async () => {
    const gone = [ids[A]!.oldCall, ids[A]!.oldNote, ids[A]!.doneTask, ids[A]!.visitPastCutoff];
    const rows = await asOwner<{ id: string; deleted: boolean; subject: string; body: string | null; latitude: number | null; occurred_at: unknown }>(
      A,
      'SELECT id, deleted, subject, body, latitude, occurred_at FROM activities WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [A, gone],
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatchObject({ deleted: true, subject: '', body: null, latitude: null, occurred_at: null });
    const dealRows = await asOwner<{ name: string }>(A, 'SELECT name FROM deals WHERE tenant_id = $1 AND deleted AND id <> $2', [A, ids[A]!.deletedWon]);
    expect(dealRows.map((r) => r.name)).toEqual(['Removed', 'Removed', 'Removed']);
    // One delete per record in the change log, by the system.
    const changes = await asOwner<{ n: number }>(A, `SELECT count(*)::int AS n FROM record_changes WHERE tenant_id = $1 AND source = 'system' AND op = 'delete'`, [A]);
    expect(changes[0]!.n).toBe(7);
    // Their audit entries name the fields but keep no values: the removed values must not live on there.
    await sequenceAudit(A, t.db);
    const deletes = await asOwner<{ n: number; with_values: number }>(
      A,
      `SELECT count(*)::int AS n, count(v.seq)::int AS with_values FROM audit_log a LEFT JOIN audit_values v ON v.tenant_id = a.tenant_id AND v.seq = a.seq
       WHERE a.tenant_id = $1 AND a.action = 'record.delete' AND a.data->>'source' = 'system'`,
      [A],
    );
    expect(deletes[0]).toEqual({ n: 7, with_values: 0 });
  });

  it('the removed values live on nowhere: not in the change log, audit values, job queue or any other column', async () => {
    const removed = ['oldCall', 'oldNote', 'doneTask', 'visitPastCutoff', 'wonBeforeCutoff', 'wonUndatedOld', 'lostLongAgo'];
    const kept = ['recentCall', 'openTask', 'visitAtCutoff', 'lostOnCutoff', 'openOld', 'lostUndatedRecent'];
    await sequenceAudit(A, t.db);
    // Their history still exists (the rows are scrubbed, not deleted): the test would pass vacuously otherwise.
    const history = await asOwner<{ changes: number; entries: number }>(
      A,
      `SELECT (SELECT count(*)::int FROM record_changes WHERE tenant_id = $1 AND record_id = ANY($2::uuid[])) AS changes,
              (SELECT count(*)::int FROM audit_log WHERE tenant_id = $1 AND target_id = ANY($3::text[])) AS entries`,
      [A, removed.map((n) => ids[A]![n]), removed.map((n) => ids[A]![n])],
    );
    expect(history[0]!.changes).toBeGreaterThanOrEqual(10);
    expect(history[0]!.entries).toBeGreaterThanOrEqual(16);
    expect(await findTraces(t.db, removed.map((n) => token(A, n)))).toEqual([]);
    // What was kept keeps its values, in A, and all of B's records too (B has no record policy).
    const keptTraces = await findTraces(t.db, kept.map((n) => token(A, n)), A);
    for (const n of kept) expect(keptTraces.some((f) => f.includes(token(A, n)))).toBe(true);
    expect((await findTraces(t.db, removed.map((n) => token(B, n)), B)).length).toBeGreaterThan(0);
  });

  it('audits each enforcement with its counts, and the audit chain still verifies', async () => {
    await sequenceAudit(A, t.db);
    const entries = await asOwner<{ data: Record<string, unknown> }>(A, `SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'retention.enforce' ORDER BY seq`, [A]);
    // The record deletions: one entry per batch of two, written in the batch's transaction.
    const days = { activitiesDays: 365, closedDealsMonths: 12 };
    expect(entries.map((e) => e.data)).toEqual([
      { changes: 9, runPayloads: 2, deliveries: 0, changeLogDays: 30, runPayloadDays: 10 },
      { activities: 2, ...days },
      { activities: 2, ...days },
      { closedDeals: 2, ...days },
      { closedDeals: 1, ...days },
    ]);
    const removal = await asOwner<{ data: unknown }>(A, `SELECT data FROM audit_log WHERE tenant_id = $1 AND action = 'audit.retention'`, [A]);
    expect(removal).toEqual([{ data: { removed: 5, days: 30 } }]);
    expect(await withTenant(A, (tx) => verifyChain(tx, A), t.db)).toMatchObject({ ok: true, fromSeq: 6 });
    expect(await withTenant(B, (tx) => verifyChain(tx, B), t.db)).toMatchObject({ ok: true, fromSeq: 1 });
  });

  it('afterwards the dry run finds nothing left, and the job runs once per interval', async () => {
    expect(await previewRetention(A, POLICY_A, now, t.db)).toEqual({ activities: 0, closedDeals: 0, changes: 0, runPayloads: 0, auditEntries: 0 });
    expect(await runRecordRetention(t.db, new Date(now.getTime() + 3_600_000))).toEqual({ status: 'not_due' });
  });
});
