// Issue 15, item 4: record pushes per second within ONE tenant at 1, 10 and 50 concurrent
// writers (sync pushRows, 10 new contacts per push, each with its audit entries). Until the
// audit sequencer, every audited write held its tenant's audit lock to commit, so writers of
// one tenant ran one at a time; now they write unchained and a sequencer chains them (a pass
// after each commit, coalesced). Real Postgres when DATABASE_URL is set (a throwaway database
// with a pool big enough for 50 writers); PGlite is one connection, so it shows 1 writer only.
// BENCH_SECONDS sets the time per measure (default 5). chain_backlog_ms: what was left to chain
// when the writers stopped, included in the time.
import { sequenceAudit } from '../lib/audit/sequence-audit';
import { createTestDatabase } from '../lib/db/testing';
import { withSystem } from '../lib/db/with-tenant';
import { pushRows } from '../sync/server/push';
import { contactDoc, session, TENANT_A } from '../sync/server/testing';
import { percentile, printTable } from './lib/stats';

const BATCH = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WRITERS = [1, 10, 50];


export async function runTenantWritesBench(): Promise<void> {
  const writersList = process.env.DATABASE_URL ? WRITERS : [1];
  const t = await createTestDatabase(Math.max(...writersList) + 5);
  const rep = session(TENANT_A, 'owner');
  const push = () => pushRows(rep, 'contacts', Array.from({ length: BATCH }, () => ({ newDocumentState: contactDoc() })), t.db);
  try {
    await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Bench', 'bench-writes')`, [TENANT_A]), t.db);
    for (let i = 0; i < 20; i++) await push(); // warm-up
    const rows = [];
    for (const writers of writersList) {
      const latencies: number[] = [];
      const until = performance.now() + SECONDS * 1000;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (performance.now() < until) {
            const s = performance.now();
            await push();
            latencies.push(performance.now() - s);
            // Pushes arrive as requests: let timers run between them (PGlite answers without I/O,
            // so a tight loop of awaits would starve the sequencer's timer).
            await new Promise((r) => setImmediate(r));
          }
        }),
      );
      // Chaining what is still pending counts in the time: the figure includes the sequencer's work.
      const t1 = performance.now();
      await sequenceAudit(TENANT_A, t.db);
      const backlogMs = performance.now() - t1;
      const elapsed = (performance.now() - t0) / 1000;
      rows.push({
        writers,
        pushes_per_s: (latencies.length / elapsed).toFixed(1),
        records_per_s: Math.round((latencies.length * BATCH) / elapsed),
        p50_ms: percentile(latencies, 50).toFixed(1),
        p95_ms: percentile(latencies, 95).toFixed(1),
        pushes: latencies.length,
        chain_backlog_ms: backlogMs.toFixed(1),
      });
    }
    // Sanity: every record written has its audit entry in the chain.
    const counts = await withSystem(async (tx) => {
      await tx.query("SELECT set_config('app.tenant_id', $1, true)", [TENANT_A]);
      return (await tx.query<{ contacts: number; audited: number }>(`SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM audit_log) AS audited`)).rows[0]!;
    }, t.db);
    printTable(`Record pushes within one tenant, ${BATCH} contacts per push, ${SECONDS} s each (${t.db.kind}; higher is better)`, rows);
    console.log(`contacts written: ${counts.contacts}; chained audit entries: ${counts.audited}${counts.contacts === counts.audited ? ' (one each)' : ' (MISMATCH)'}`);
    if (!process.env.DATABASE_URL) console.log('PGlite is one connection: concurrent writers queue on it, so only 1 writer is measured. Set DATABASE_URL for 10 and 50.');
  } finally {
    await t.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runTenantWritesBench();
