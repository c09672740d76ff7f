// `npm run bench:sync:scope:browser` (issue 16): a rep's first sync in headless Chromium through
// the production build, scoped in a large tenant against whole in a small one:
//   1. scope 'own' in a tenant of BENCH_TENANT_SIZE records (default 1,000,000) of which about
//      20,000 are the rep's (one owner in 50);
//   2. scope 'all' in a tenant of about 20,000 records, all the rep's.
// The same rep (rep@acme.test), the same kind of records (scale-seed.ts), embedded PGlite
// (BENCH_DATABASE_URL for Postgres). Seeding a million records takes a minute or two each run.
// Needs `next build --webpack`. Prints a table; never fails on speed.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/fixtures/chromium';
import type { Database } from '@/lib/db/types';
import { withSystem } from '@/lib/db/with-tenant';
import { startSeededServer } from './bench-server';
import { measureFirstSync, type FirstSyncRun } from './measure-first-sync';
import { seedScaleRecords } from './scale-seed';

const PORT = Number(process.env.E2E_PORT ?? 3102);
const LARGE = Number(process.env.BENCH_TENANT_SIZE ?? 1_000_000);
const REP_SHARE = 50;
const SMALL = Math.round(LARGE / REP_SHARE);
const MEASURED = ['contacts', 'deals', 'activities'] as const;
/** A tenant as small as the demo allows: the bulk records are what is measured. */
const DEMO = { companies: 5, contacts: 5, deals: 5, activities: 5 };
const fake = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;

/** Fills Acme with `size` records, the rep owning one in `share`, and sets its scope; returns what the rep's phone must hold. */
function prepare(size: number, share: number, scope: 'all' | 'own', expected: Record<string, number>) {
  return async (db: Database) => {
    await withSystem(async (tx) => {
      const { rows } = await tx.query<{ tenant_id: string; user_id: string; pipeline_id: string; stage_id: string }>(
        `SELECT m.tenant_id, m.user_id, p.id AS pipeline_id, p.stages->0->>'id' AS stage_id
           FROM memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id
           JOIN pipelines p ON p.tenant_id = t.id
          WHERE u.email = 'rep@acme.test' AND t.slug = 'acme' LIMIT 1`,
      );
      const acme = rows[0]!;
      const owners = [acme.user_id, ...Array.from({ length: share - 1 }, (_, i) => fake(i + 1))];
      await seedScaleRecords(tx, { tenantId: acme.tenant_id, size, owners, pipelineId: acme.pipeline_id, stageId: acme.stage_id });
      await tx.query(`UPDATE tenants SET settings = jsonb_set(settings, '{syncScope}', $1::jsonb) WHERE id = $2`, [JSON.stringify(scope), acme.tenant_id]);
      // The phone's share: every record under 'all', the rep's own under 'own' (the seed links
      // deals and activities only to contacts of their own owner), demo records included.
      for (const c of MEASURED) {
        const mine = scope === 'all' ? '' : 'AND owner_id = $2';
        const n = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${c} WHERE tenant_id = $1 AND NOT deleted ${mine}`, scope === 'all' ? [acme.tenant_id] : [acme.tenant_id, acme.user_id]);
        expected[c] = n.rows[0]!.n;
      }
    }, db);
  };
}

async function run(size: number, share: number, scope: 'all' | 'own'): Promise<{ run: FirstSyncRun; expected: Record<string, number> }> {
  const expected: Record<string, number> = {};
  const t0 = performance.now();
  const server = await startSeededServer(PORT, DEMO, {}, '.', prepare(size, share, scope, expected));
  console.log(`${size.toLocaleString('en')} records seeded and served in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    return { run: await measureFirstSync(browser, server.base, 'rep@acme.test', expected), expected };
  } finally {
    await browser.close();
    await server.stop();
  }
}

const scoped = await run(LARGE, REP_SHARE, 'own');
const whole = await run(SMALL, 1, 'all');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const docs = (e: Record<string, number>) => Object.values(e).reduce((a, b) => a + b, 0);
console.log(`\n## A rep's first sync into IndexedDB (headless Chromium, ${process.env.BENCH_DATABASE_URL ? 'Postgres' : 'PGlite'})\n`);
console.log(`| measure | scope 'own' in a ${LARGE.toLocaleString('en')}-record tenant | everything in a ${SMALL.toLocaleString('en')}-record tenant |`);
console.log('| --- | --- | --- |');
console.log(`| documents on the phone | ${docs(scoped.expected).toLocaleString('en')} | ${docs(whole.expected).toLocaleString('en')} |`);
for (const k of MEASURED) console.log(`| ${k} complete | ${s(scoped.run.firstAt[k]!)} | ${s(whole.run.firstAt[k]!)} |`);
console.log(`| **all** | **${s(scoped.run.total)}** | **${s(whole.run.total)}** |`);
console.log(`| pull requests | ${scoped.run.pulls.length} | ${whole.run.pulls.length} |`);
const p95 = (r: FirstSyncRun) => {
  const sorted = r.pulls.map((p) => p.ms).sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? 0);
};
console.log(`| pull answer p95 | ${p95(scoped.run)} ms | ${p95(whole.run)} ms |`);
console.log(`| longest main-thread task | ${Math.round(scoped.run.longestTaskMs)} ms | ${Math.round(whole.run.longestTaskMs)} ms |`);
console.log(`\nThe scoped first sync takes ${(scoped.run.total / whole.run.total).toFixed(2)}x the small tenant's whole sync.`);
