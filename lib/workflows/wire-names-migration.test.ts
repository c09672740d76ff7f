import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { withSystem } from '../db/with-tenant';
import { validateDefinition } from './validate-definition';
import { ADMIN_A, TENANT_A, seedTenants } from './testing';

// Migration 0012 rewrites definitions, runs and change-log rows stored with SQL column names
// (workflow schema version 1) to wire names. Run here on data as the previous release stored it.
const MIGRATION = '0012_workflow_wire_names.sql';
const WF = '0190b000-0000-7000-8000-0000000000f1';
const RUN = '0190b000-0000-7000-8000-0000000000f2';
const DEAL = '0190b000-0000-7000-8000-0000000000f3';

const v1 = {
  schemaVersion: 1,
  trigger: {
    type: 'record',
    collection: 'deals',
    events: ['update'],
    filter: { combinator: 'and', conditions: [{ field: 'stage_id', op: 'changed_to', value: 'negotiation' }, { combinator: 'or', conditions: [{ field: 'amount_cents', op: 'gt', value: 5 }] }] },
  },
  steps: [
    { id: 'set', name: 'Set', type: 'update_record', set: [{ field: 'close_date', value: '2026-12-24' }] },
    { id: 'wait', name: 'Until', type: 'wait', wait: { mode: 'until_field', field: 'close_date', offsetSeconds: 0 } },
    { id: 'tell', name: 'Tell', type: 'notify', recipient: { type: 'record_owner' }, message: 'Deal {{record.name}} at {{ record.amount_cents }} by {{workflow.name}} ({{record.owner_id}})' },
  ],
  edges: [
    { id: 'e0', source: 'trigger', target: 'set' },
    { id: 'e1', source: 'set', target: 'wait' },
    { id: 'e2', source: 'wait', target: 'tell' },
  ],
};

describe('migration 0012: workflows use wire field names', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await withSystem(async (tx) => {
      await seedTenants(tx);
      await tx.query(`INSERT INTO workflows (tenant_id, id, name, owner_id, draft, published_version) VALUES ($1, $2, 'Old', $3, $4, 1)`, [TENANT_A, WF, ADMIN_A, v1]);
      await tx.query(`INSERT INTO workflow_versions (tenant_id, workflow_id, version, definition, trigger_type, trigger_collection) VALUES ($1, $2, 1, $3, 'record', 'deals')`, [TENANT_A, WF, v1]);
      const trigger = { record: { id: DEAL, stage_id: 'negotiation', amount_cents: 9, _deleted: false }, before: { id: DEAL, stage_id: 'lead' }, changedFields: ['stage_id', 'updated_at'], changeId: 7 };
      await tx.query(
        `INSERT INTO workflow_runs (tenant_id, id, workflow_id, version, status, trigger_key, trigger_type, trigger, record_collection, record_id)
         VALUES ($1, $2, $3, 1, 'waiting', 'c:7', 'record', $4, 'deals', $5)`,
        [TENANT_A, RUN, WF, trigger, DEAL],
      );
      await tx.query(
        `INSERT INTO record_changes (tenant_id, collection, record_id, op, before, after, changed_fields, source, workflow_id)
         VALUES ($1, 'deals', $2, 'update', $3, $4, $5, 'workflow', $6)`,
        [TENANT_A, DEAL, { stage_id: 'lead' }, { stage_id: 'negotiation', close_date: '2026-12-24' }, ['close_date'], WF],
      );
      // As if this database had last been migrated by the previous release.
      await tx.query('DELETE FROM schema_migrations WHERE name = $1', [MIGRATION]);
    }, t.db);
    expect(await migrate(t.db)).toEqual([MIGRATION]);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('rewrites drafts and published versions: fields, nested conditions and placeholders, as schema version 2', async () => {
    const { rows } = await t.db.query<{ draft: unknown; definition: unknown }>(
      'SELECT w.draft, v.definition FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id WHERE w.id = $1',
      [WF],
    );
    const [row] = rows;
    expect(row?.draft).toEqual(row?.definition);
    const result = validateDefinition(row?.definition);
    expect(result.issues).toEqual([]);
    expect(result.definition).toMatchObject({
      schemaVersion: 2,
      trigger: { filter: { conditions: [{ field: 'stageId' }, { conditions: [{ field: 'amountCents' }] }] } },
      steps: [
        { set: [{ field: 'closeDate', value: '2026-12-24' }] },
        { wait: { field: 'closeDate' } },
        { message: 'Deal {{record.name}} at {{ record.amountCents }} by {{workflow.name}} ({{record.ownerId}})' },
      ],
    });
  });

  it('rewrites the trigger of runs and the change-log rows of the old workflow writer', async () => {
    const run = await t.db.query<{ trigger: Record<string, unknown> }>('SELECT trigger FROM workflow_runs WHERE id = $1', [RUN]);
    expect(run.rows[0]?.trigger).toEqual({
      record: { id: DEAL, stageId: 'negotiation', amountCents: 9, _deleted: false },
      before: { id: DEAL, stageId: 'lead' },
      changedFields: ['stageId', 'updatedAt'],
      changeId: 7,
    });
    const change = await t.db.query<{ before: unknown; after: unknown; changed_fields: string[] }>(
      `SELECT before, after, changed_fields FROM record_changes WHERE record_id = $1 AND source = 'workflow'`,
      [DEAL],
    );
    expect(change.rows).toEqual([{ before: { stageId: 'lead' }, after: { stageId: 'negotiation', closeDate: '2026-12-24' }, changed_fields: ['closeDate'] }]);
  });

  it('leaves no helper function behind', async () => {
    const { rows } = await t.db.query(`SELECT proname FROM pg_proc WHERE proname LIKE 'crm_migrate_%'`);
    expect(rows).toEqual([]);
  });
});
