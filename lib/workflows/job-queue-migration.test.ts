import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../db/migrate';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem } from '../db/with-tenant';
import { RUN_QUEUE, TRIGGER_QUEUE } from './queue';
import { ADMIN_A, TENANT_A, seedTenants } from './testing';

// Migration 0013 moves what the previous release left in its inbox and timers tables onto the
// job queue. Run here on a database migrated by that release (0001-0012) holding both.
const MIGRATION = '0013_workflow_jobs.sql';
const WF = '0190b000-0000-7000-8000-0000000000f1';
const RUN = '0190b000-0000-7000-8000-0000000000f2';
const DEAL = '0190b000-0000-7000-8000-0000000000f3';

describe('migration 0013: the inbox and the timers become queue jobs', () => {
  let t: TestDatabase;
  let changeId: number;
  const wakeAt = new Date('2027-01-05T10:00:00.000Z');
  beforeAll(async () => {
    t = await createTestDatabase();
    // createTestDatabase migrates fully: start again from a database at 0012.
    await t.db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS pgboss CASCADE');
    const previous = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f < MIGRATION)) cpSync(path.join(MIGRATIONS_DIR, f), path.join(previous, f));
    await migrate(t.db, previous);
    rmSync(previous, { recursive: true });
    await withSystem(async (tx) => {
      await seedTenants(tx);
      const definition = { schemaVersion: 2, trigger: { type: 'record', collection: 'deals', events: ['update'] }, steps: [], edges: [] };
      await tx.query(`INSERT INTO workflows (tenant_id, id, name, owner_id, draft, published_version) VALUES ($1, $2, 'Old', $3, $4, 1)`, [TENANT_A, WF, ADMIN_A, definition]);
      await tx.query(`INSERT INTO workflow_versions (tenant_id, workflow_id, version, definition, trigger_type, trigger_collection) VALUES ($1, $2, 1, $3, 'record', 'deals')`, [TENANT_A, WF, definition]);
      // The old row trigger puts this change in the inbox.
      const c = await tx.query<{ id: number }>(
        `INSERT INTO record_changes (tenant_id, collection, record_id, op, before, after, changed_fields) VALUES ($1, 'deals', $2, 'update', '{}', '{}', '{}') RETURNING id`,
        [TENANT_A, DEAL],
      );
      changeId = Number(c.rows[0]!.id);
      await tx.query(
        `INSERT INTO workflow_runs (tenant_id, id, workflow_id, version, status, trigger_key, trigger_type, trigger, wake_at) VALUES ($1, $2, $3, 1, 'waiting', 'c:1', 'record', '{}', $4)`,
        [TENANT_A, RUN, WF, wakeAt],
      );
      await tx.query('INSERT INTO workflow_timers (tenant_id, run_id, wake_at) VALUES ($1, $2, $3)', [TENANT_A, RUN, wakeAt]);
    }, t.db);
    expect((await t.db.query('SELECT 1 FROM workflow_change_inbox')).rows).toHaveLength(1);
    expect(await migrate(t.db)).toEqual(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && f >= MIGRATION).sort());
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('queues the unread change as a trigger job and the pending wait as a run job due when it was', async () => {
    const jobs = await t.db.query<{ name: string; data: unknown; start_after: Date; retry_limit: number }>(
      'SELECT name, data, start_after, retry_limit FROM pgboss.job ORDER BY name',
    );
    expect(jobs.rows.map((j) => ({ ...j, start_after: new Date(j.start_after).toISOString() }))).toEqual([
      { name: RUN_QUEUE, data: { tenantId: TENANT_A, runId: RUN }, start_after: wakeAt.toISOString(), retry_limit: 20 },
      { name: TRIGGER_QUEUE, data: { tenantId: TENANT_A, collection: 'deals', changeIds: [changeId] }, start_after: expect.any(String), retry_limit: 20 },
    ]);
  });

  it('drops the inbox, the timers and the row trigger that fed the inbox', async () => {
    const tables = await t.db.query<{ inbox: string | null; timers: string | null }>(
      "SELECT to_regclass('workflow_change_inbox')::text AS inbox, to_regclass('workflow_timers')::text AS timers",
    );
    expect(tables.rows[0]).toEqual({ inbox: null, timers: null });
    const triggers = await t.db.query<{ tgname: string }>("SELECT tgname FROM pg_trigger WHERE tgrelid = 'record_changes'::regclass AND NOT tgisinternal");
    // Later migrations add their own statement triggers (0025: outgoing webhooks); the inbox's is gone.
    const names = triggers.rows.map((r) => r.tgname);
    expect(names).toContain('record_changes_workflow_triggers');
    expect(names).not.toContain('record_changes_workflow_inbox');
  });
});
