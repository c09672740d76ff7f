// Migrates and seeds the demo data set (idempotent; --reset wipes the database first).
import { migrate } from '../lib/db/migrate';
import { openDatabase } from '../lib/db/open-database';
import { DEMO_PASSWORD, generateDemoData } from '../lib/seed/demo-data';
import { seedDatabase } from '../lib/seed/seed-database';

const reset = process.argv.includes('--reset');
const db = await openDatabase();
if (reset) {
  // The workflow queue's schema too: its jobs point at runs the reset removes.
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS pgboss CASCADE;');
  console.log('database reset');
}
await migrate(db);
const anchor = process.env.SEED_ANCHOR_DATE ? new Date(process.env.SEED_ANCHOR_DATE) : new Date();
const data = generateDemoData({ anchor, seed: Number(process.env.SEED ?? 2026) });
const result = await seedDatabase(db, data);
// Fresh planner statistics for the bulk-loaded tables: PGlite has no autovacuum to gather
// them, and without them its pulls scan and sort whole tables (lib/ops/analyze-job.ts).
if (result.seeded) await db.exec('ANALYZE');
await db.close();

if (result.seeded) {
  console.log('seeded:', Object.entries(result.counts).map(([k, v]) => `${v} ${k}`).join(', '));
} else {
  console.log('demo data already present (use `npm run db:seed -- --reset` to start over)');
}
console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD})`);
for (const u of data.users) {
  console.log(`  ${u.email.padEnd(24)} ${u.memberships.map((m) => `${m.role} @ ${m.tenantSlug}`).join(', ')}`);
}
console.log('Owners and admins are asked to set up two-factor sign-in on first login.');
