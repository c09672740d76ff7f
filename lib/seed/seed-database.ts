import 'server-only';
import { hashPassword } from '../auth/password';
import type { Database, Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { DEMO_PASSWORD, type DemoData } from './demo-data';

const CHUNK = 500;

async function insertRows(tx: Queryable, table: string, tenantId: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  // One statement per chunk: jsonb_populate_recordset maps JSON keys onto the table's own
  // column types, so the seed stays correct when columns are added.
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({ ...r, tenant_id: tenantId, updated_at: r.created_at }));
    const columns = Object.keys(chunk[0] ?? {});
    const list = columns.map((c) => `"${c}"`).join(', ');
    await tx.query(
      `INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
      [JSON.stringify(chunk)],
    );
  }
}

export interface SeedResult {
  seeded: boolean;
  counts: Record<string, number>;
}

/**
 * Writes the demo data set. System access (not withTenant) because it creates tenants;
 * does nothing when the demo tenants already exist, so `npm start` can call it every time.
 */
export async function seedDatabase(db: Database, data: DemoData): Promise<SeedResult> {
  const existing = await db.query(`SELECT 1 FROM tenants WHERE slug = ANY($1)`, [data.tenants.map((t) => t.slug)]);
  if (existing.rows.length > 0) return { seeded: false, counts: {} };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const counts: Record<string, number> = {};
  await withSystem(async (tx) => {
    for (const t of data.tenants) {
      await tx.query('INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)', [t.id, t.name, t.slug]);
    }
    for (const u of data.users) {
      await tx.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [u.id, u.email, u.name, passwordHash]);
      for (const m of u.memberships) {
        const tenant = data.tenants.find((t) => t.slug === m.tenantSlug);
        await tx.query('INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)', [tenant?.id, u.id, m.role]);
      }
    }
    for (const t of data.tenants) {
      const pipelines = t.pipelines.map((p) => ({ ...p, stages: p.stages, created_at: new Date(0).toISOString() }));
      await insertRows(tx, 'pipelines', t.id, pipelines);
      await insertRows(tx, 'companies', t.id, t.companies);
      await insertRows(tx, 'contacts', t.id, t.contacts);
      await insertRows(tx, 'deals', t.id, t.deals);
      await insertRows(tx, 'activities', t.id, t.activities);
      for (const table of ['pipelines', 'companies', 'contacts', 'deals', 'activities'] as const) {
        counts[table] = (counts[table] ?? 0) + (table === 'pipelines' ? t.pipelines.length : t[table].length);
      }
    }
    counts.users = data.users.length;
    counts.tenants = data.tenants.length;
  }, db);
  return { seeded: true, counts };
}
