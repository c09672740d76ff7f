// `npm run bench:sync:scope`: sync scopes in large tenants (issue 16). For tenants of 20,000,
// 200,000 and 1,000,000 records (contacts 30 %, deals 20 %, activities 50 %), owned in turn by
// one rep per 20,000 records, with every deal and activity linked to a contact of its owner:
//   1. a rep's scoped first sync: every page of contacts, deals and activities, in process (no
//      HTTP), under 'own' and under 'territory' (the rep's territory holds the same records,
//      found through their companies' country), against the same rep's whole-tenant first
//      sync in the 20,000 tenant;
//   2. pull latency of a rep already up to date (database path, no cache), scoped and whole.
// The tenants are kept in .data/bench-scope/<size> (PGlite) or databases crm_bench_scope_<size>
// (Postgres, with DATABASE_URL) and reused by the next run: seeding 1,000,000 takes minutes.
// BENCH_SIZES=20000,200000 picks sizes; BENCH_TERRITORIES=n gives the rep n territories (n times
// the records: the cost of a large territory). Prints a table; never fails on speed.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrate } from '@/lib/db/migrate';
import type { Database } from '@/lib/db/types';
import { withSystem } from '@/lib/db/with-tenant';
import type { Checkpoint } from '@/sync/schema/protocol';
import { pullChangesJson } from '@/sync/server/pull';
import { seedScaleRecords, territoryOf } from './scale-seed';

const TENANT = '00000000-0000-7000-8000-0000000000aa';
const REP_ROWS = 20_000;
const SIZES = (process.env.BENCH_SIZES ?? '20000,200000,1000000').split(',').map(Number);
const PULLS = Number(process.env.BENCH_PULLS ?? 200);
const TERRITORIES = Number(process.env.BENCH_TERRITORIES ?? 1);
const repId = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function open(size: number): Promise<{ db: Database; fresh: boolean }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = path.resolve('.data', 'bench-scope', String(size));
    const fresh = !existsSync(dir);
    mkdirSync(dir, { recursive: true });
    const { openPGlite } = await import('@/lib/db/pglite');
    return { db: await openPGlite(dir), fresh };
  }
  const { openPostgres } = await import('@/lib/db/postgres');
  const admin = await openPostgres(url, 1);
  const name = `crm_bench_scope_${size}`;
  const exists = (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [name])).rows[0]!.n > 0;
  if (!exists) await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { db: await openPostgres(u.toString(), 4), fresh: !exists };
}

async function seed(db: Database, size: number) {
  const reps = Math.max(1, Math.round(size / REP_ROWS));
  await withSystem(async (tx) => {
    await tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Bench', 'bench') ON CONFLICT DO NOTHING`, [TENANT]);
    await seedScaleRecords(tx, { tenantId: TENANT, size, owners: Array.from({ length: reps }, (_, i) => repId(i)), pipelineId: TENANT, stageId: 'lead' });
    // The rep's territory: the country of the companies of the records they own.
    await tx.query(`INSERT INTO users (id, email, name) VALUES ($1, 'rep0@bench.test', 'Rep 0')`, [repId(0)]);
    await tx.query(`INSERT INTO memberships (tenant_id, user_id, role, territories) VALUES ($1, $2, 'rep', $3)`, [TENANT, repId(0), [territoryOf(0)]]);
  }, db);
  await db.exec('ANALYZE');
}

async function setScope(db: Database, scope: 'all' | 'own' | 'territory') {
  await withSystem((tx) => tx.query(`UPDATE tenants SET settings = jsonb_set(settings, '{syncScope}', $1::jsonb) WHERE id = $2`, [JSON.stringify(scope), TENANT]), db);
}

const rep = { tenantId: TENANT, userId: repId(0), role: 'rep' as const };

/** Every page of the three collections from scratch; documents and seconds. */
async function firstSync(db: Database): Promise<{ docs: number; seconds: number; heads: Record<string, Checkpoint> }> {
  const t0 = performance.now();
  let docs = 0;
  const heads: Record<string, Checkpoint> = {};
  for (const collection of ['contacts', 'deals', 'activities']) {
    let checkpoint: Checkpoint | null = null;
    for (;;) {
      const page = JSON.parse(await pullChangesJson(rep, collection, { checkpoint, limit: 2000 }, db)) as { documents: unknown[]; checkpoint: Checkpoint };
      docs += page.documents.length;
      const same = JSON.stringify(page.checkpoint) === JSON.stringify(checkpoint);
      checkpoint = page.checkpoint;
      if (page.documents.length === 0 && same) break;
    }
    heads[collection] = checkpoint!;
  }
  return { docs, seconds: (performance.now() - t0) / 1000, heads };
}

async function upToDateLatency(db: Database, checkpoint: Checkpoint): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < PULLS; i += 1) {
    const t0 = performance.now();
    await pullChangesJson(rep, 'contacts', { checkpoint, limit: 500 }, db);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

async function main() {
  const rows: string[][] = [];
  for (const size of SIZES) {
    const { db, fresh } = await open(size);
    await migrate(db);
    const counts = (await db.query<{ contacts: number; companies: number }>('SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM companies) AS companies')).rows[0]!;
    if (counts.contacts > 0 && counts.companies === 0) throw new Error(`the kept tenant of ${size} predates companies: remove it (.data/bench-scope/${size} or crm_bench_scope_${size}) to seed again`);
    if (fresh || counts.contacts === 0) {
      const t0 = performance.now();
      await seed(db, size);
      rows.push([`${size.toLocaleString('en')}: seed (kept for the next run)`, `${((performance.now() - t0) / 1000).toFixed(1)} s`, '']);
    }
    await setScope(db, 'own');
    const own = await firstSync(db);
    rows.push([`${size.toLocaleString('en')}: rep's scoped first sync`, `${own.seconds.toFixed(2)} s`, `${own.docs.toLocaleString('en')} docs, ${Math.round(own.docs / own.seconds).toLocaleString('en')} docs/s`]);
    const scoped = await upToDateLatency(db, own.heads.contacts!);
    rows.push([`${size.toLocaleString('en')}: scoped up-to-date pull (no cache)`, `p50 ${scoped.p50.toFixed(2)} ms`, `p95 ${scoped.p95.toFixed(2)} ms`]);
    await withSystem(
      (tx) => tx.query('UPDATE memberships SET territories = $2 WHERE user_id = $1', [repId(0), Array.from({ length: TERRITORIES }, (_, i) => territoryOf(i))]),
      db,
    );
    await setScope(db, 'territory');
    const territory = await firstSync(db);
    rows.push([
      `${size.toLocaleString('en')}: rep's territory first sync${TERRITORIES > 1 ? ` (${TERRITORIES} territories)` : ''}`,
      `${territory.seconds.toFixed(2)} s`,
      `${territory.docs.toLocaleString('en')} docs, ${Math.round(territory.docs / territory.seconds).toLocaleString('en')} docs/s`,
    ]);
    const inTerritory = await upToDateLatency(db, territory.heads.contacts!);
    rows.push([`${size.toLocaleString('en')}: territory up-to-date pull (no cache)`, `p50 ${inTerritory.p50.toFixed(2)} ms`, `p95 ${inTerritory.p95.toFixed(2)} ms`]);
    await setScope(db, 'all');
    if (size <= REP_ROWS * 10) {
      const whole = await firstSync(db);
      rows.push([`${size.toLocaleString('en')}: whole-tenant first sync`, `${whole.seconds.toFixed(2)} s`, `${whole.docs.toLocaleString('en')} docs, ${Math.round(whole.docs / whole.seconds).toLocaleString('en')} docs/s`]);
      const all = await upToDateLatency(db, whole.heads.contacts!);
      rows.push([`${size.toLocaleString('en')}: whole-tenant up-to-date pull (no cache)`, `p50 ${all.p50.toFixed(2)} ms`, `p95 ${all.p95.toFixed(2)} ms`]);
    }
    await db.close();
  }
  console.log(`\nSync scopes on ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'} (in process; rep owns ~${REP_ROWS.toLocaleString('en')} records in every tenant)`);
  for (const r of rows) console.log(`  ${r[0]!.padEnd(52)} ${r[1]!.padEnd(14)} ${r[2]}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
