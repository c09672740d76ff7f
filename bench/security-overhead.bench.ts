// Issue 9 figures: what the API quota check and an audit entry add to a request, with and
// without them (p50/p95 per request, in process). Memory store always; Redis when REDIS_URL
// is set. Database: in-memory PGlite, or DATABASE_URL.
import { appendAudit, appendAuditMany } from '../lib/audit/append-audit';
import { createTestDatabase } from '../lib/db/testing';
import { withSystem, withTenant } from '../lib/db/with-tenant';
import { resetEnvCache } from '../lib/env';
import { consumeApiQuota } from '../lib/ratelimit/api-quota';
import { resetLimiters } from '../lib/ratelimit/limiter';
import { isAllowed } from '../lib/security/ip-allowlist';
import { pushRows } from '../sync/server/push';
import { contactDoc, createSyncTestDatabase, session, TENANT_A } from '../sync/server/testing';
import { percentile, printTable } from './lib/stats';

async function sample(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn(-1 - i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

const row = (label: string, ms: number[]) => ({ measure: label, p50_ms: percentile(ms, 50).toFixed(3), p95_ms: percentile(ms, 95).toFixed(3), runs: ms.length });

export async function runSecurityOverheadBench(): Promise<void> {
  const rows: ReturnType<typeof row>[] = [];
  const stores = [{ name: 'memory', url: '' }, ...(process.env.REDIS_URL ? [{ name: 'redis', url: process.env.REDIS_URL }] : [])];
  const saved = process.env.REDIS_URL;
  for (const store of stores) {
    process.env.REDIS_URL = store.url;
    process.env.API_QUOTA_IP_PER_MINUTE = '100000000';
    process.env.API_QUOTA_USER_PER_MINUTE = '100000000';
    resetEnvCache();
    resetLimiters();
    rows.push(row(`quota check, IP only (${store.name})`, await sample(3000, (i) => consumeApiQuota({ ip: `10.0.${(i >>> 8) & 255}.${i & 255}` }))));
    rows.push(
      row(
        `quota check, IP + user + tenant (${store.name})`,
        await sample(3000, (i) => consumeApiQuota({ ip: '10.9.9.9', userId: `u${i % 50}`, tenantId: 't1', plan: 'enterprise' })),
      ),
    );
  }
  process.env.REDIS_URL = saved;
  resetEnvCache();
  resetLimiters();

  const t = await createTestDatabase();
  const tenant = '00000000-0000-7000-8000-0000000000ee';
  await withSystem((tx) => tx.query(`INSERT INTO tenants (id, name, slug) VALUES ($1, 'Bench', 'bench-sec')`, [tenant]), t.db);
  const write = (audit: boolean) => (i: number) =>
    withTenant(
      tenant,
      async (tx) => {
        await tx.query(`INSERT INTO companies (tenant_id, id, name) VALUES ($1, gen_random_uuid(), $2)`, [tenant, `Co ${i}`]);
        if (audit) await appendAudit(tx, { tenantId: tenant, action: 'record.create', targetType: 'companies', data: { name: { after: `Co ${i}` } } });
      },
      t.db,
    );
  rows.push(row(`tenant write without audit (${t.db.kind})`, await sample(500, write(false))));
  rows.push(row(`tenant write with audit entry (${t.db.kind})`, await sample(500, write(true))));
  await t.dispose();

  // The real record write path (sync push → applyChanges), which now appends one audit entry
  // per changed record in the same transaction, against the audit append alone for the same
  // number of entries: the difference is what the write costs without its audit trail.
  const s = await createSyncTestDatabase();
  const rep = session(TENANT_A, 'rep');
  for (const size of [1, 100]) {
    const runs = size === 1 ? 300 : 40;
    rows.push(
      row(
        `sync push of ${size} new contact(s), with audit (${s.db.kind})`,
        await sample(runs, () => pushRows(rep, 'contacts', Array.from({ length: size }, () => ({ newDocumentState: contactDoc({ ownerId: rep.userId }) })), s.db)),
      ),
    );
    rows.push(
      row(
        `audit append alone, ${size} entr${size === 1 ? 'y' : 'ies'} (${s.db.kind})`,
        await sample(runs, () =>
          withTenant(
            TENANT_A,
            (tx) =>
              appendAuditMany(
                tx,
                TENANT_A,
                Array.from({ length: size }, (_, k) => ({ tenantId: TENANT_A, actorId: rep.userId, action: 'record.create', targetType: 'contacts', targetId: `c${k}`, data: { fields: ['firstName', 'lastName'], source: 'sync' }, values: { firstName: { before: null, after: 'Ada' }, lastName: { before: null, after: 'Lovelace' } } })),
              ),
            s.db,
          ),
        ),
      ),
    );
  }
  await s.dispose();

  // The IP allowlist check every authenticated request makes (in process, no I/O).
  const ranges = Array.from({ length: 20 }, (_, k) => `10.${k}.0.0/16`).concat(['2001:db8::/32']);
  rows.push(row('IP allowlist check, empty list', await sample(20000, () => Promise.resolve(isAllowed('203.0.113.9', [])))));
  rows.push(row('IP allowlist check, 21 ranges, miss', await sample(20000, () => Promise.resolve(isAllowed('203.0.113.9', ranges)))));
  printTable('Security overhead per request (lower is better)', rows);
}
