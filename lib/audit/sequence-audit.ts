import 'server-only';
import { getDb } from '../db/open-database';
import type { Database, Queryable } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { logger } from '../observability/logger';
import { contentOfRow, GENESIS_HASH, hashEntry, hashPending, type PendingContent, type StoredContent } from './hash-entry';

// The audit sequencer: links committed pending entries (audit_pending, written unchained by
// appendAuditMany) into each tenant's hash chain, in the order they are read (pending id among
// those committed), like a transparency log's sequencer. Writers never wait for each other;
// only this short transaction holds the tenant's audit lock. It runs:
// 1. shortly after every transaction that appended entries commits (an after-commit hook
//    schedules a pass KICK_DELAY_MS later in the writing process and does not wait for it:
//    the writer's latency stays its own, and the commits of that interval share one pass);
// 2. before every read of the log ("sequence before read": listing, export, verification,
//    head signing, retention, the health report), awaited, so reads are complete and a test
//    that writes then reads never waits on a timer;
// 3. on a timer (startAuditSequencer, from instrumentation.ts) for entries whose writer died
//    between its commit and its kick, or whose transaction was not opened by our adapters.
// Verification reports a pending entry older than PENDING_OVERDUE_MS (verify-pending.ts).

/**
 * How long (ms) after a commit its pass starts. Every commit in between joins that pass: on
 * PGlite's one connection a pass per push made a single writer's pushes 40% slower (150 → 108
 * a second, bench/tenant-writes.bench.ts); readers never wait for it (they run their own pass).
 */
export const KICK_DELAY_MS = 100;
/** How often each instance looks for entries its hooks missed (ms). */
export const SWEEP_EVERY_MS = 2_000;
/** Age (ms) from which the timer chains a pending entry: older than any after-commit hook needs. */
export const SWEEP_OLDER_THAN_MS = 1_000;
/** Pending entries read and chained per round trip. */
const BATCH = 1_000;

type PendingRow = StoredContent & { id: number; changes: unknown; content_hash: string };

/**
 * One sequencer pass over `tenantId`, inside the caller's owner transaction (system work; it
 * sets app.tenant_id to the tenant, which also lets a non-superuser owner see the rows under
 * FORCE RLS): takes the tenant's audit lock, then links every committed
 * pending entry (and any this transaction wrote itself) after the chain head, moves their
 * before/after values to audit_values and deletes them from pending.
 *
 * Security: an entry whose content no longer matches its content hash is never chained (that
 * would make the change verify forever); it stays pending, where verification reports it.
 */
export async function chainPending(systemTx: Queryable, tenantId: string): Promise<{ chained: number; refused: number[] }> {
  await systemTx.query(`SELECT set_config('app.tenant_id', $1, true), pg_advisory_xact_lock(hashtextextended('audit:' || $1, 0))`, [tenantId]);
  let head: { seq: number; hash: string } | null = null;
  let chained = 0;
  const refused: number[] = [];
  let after = 0;
  for (;;) {
    const { rows } = await systemTx.query<PendingRow>(
      `SELECT id, occurred_at, actor_id, action, target_type, target_id, data, ip, user_agent, request_id, changes, content_hash
       FROM audit_pending WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`,
      [tenantId, after],
    );
    if (rows.length === 0) break;
    let prev: { seq: number; hash: string } = head ?? (await chainHead(systemTx, tenantId));
    const entries: { seq: number; content: PendingContent; prevHash: string; hash: string; changes: unknown }[] = [];
    const taken: number[] = [];
    for (const row of rows) {
      const content = contentOfRow(tenantId, row);
      if (hashPending(content) !== row.content_hash) {
        refused.push(Number(row.id));
        continue;
      }
      const seq = prev.seq + 1;
      const hash = hashEntry(prev.hash, { ...content, seq });
      entries.push({ seq, content, prevHash: prev.hash, hash, changes: row.changes });
      taken.push(Number(row.id));
      prev = { seq, hash };
    }
    head = prev;
    if (entries.length) await moveIntoChain(systemTx, tenantId, entries, taken);
    chained += entries.length;
    after = Number(rows[rows.length - 1]!.id);
    if (rows.length < BATCH) break;
  }
  if (refused.length) logger().error({ tenantId, pendingIds: refused.slice(0, 20) }, 'audit entries changed while pending were not chained');
  return { chained, refused };
}

/** The newest chained entry, else the retention checkpoint, else genesis. */
async function chainHead(tx: Queryable, tenantId: string): Promise<{ seq: number; hash: string }> {
  const last = await tx.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM audit_log WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`, [tenantId]);
  const cp = last.rows[0]
    ? last
    : await tx.query<{ seq: number; hash: string }>(
        `SELECT through_seq AS seq, hash FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY through_seq DESC LIMIT 1`,
        [tenantId],
      );
  const row = cp.rows[0];
  return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
}

/**
 * Inserts the chained entries and their values and deletes them from pending, in one statement.
 * Values already stored at a new entry's seq belonged to a newest entry that was deleted (only
 * the owner can): they are kept, not overwritten, and verification reports them at that seq
 * (values_changed), as the signed heads report the truncation; the chain goes on, so the
 * tenant's auditing never stalls behind the damage.
 */
async function moveIntoChain(
  tx: Queryable,
  tenantId: string,
  entries: { seq: number; content: PendingContent; prevHash: string; hash: string; changes: unknown }[],
  pendingIds: number[],
): Promise<void> {
  const withValues = entries.filter((e) => e.changes !== null && e.changes !== undefined);
  const { rows } = await tx.query<{ valued: number }>(
    `WITH chained AS (
       INSERT INTO audit_log (tenant_id, seq, occurred_at, actor_id, action, target_type, target_id, data, ip, user_agent, request_id, prev_hash, hash)
       SELECT $1, x.seq, x.occurred_at, x.actor_id, x.action, x.target_type, x.target_id, x.data, x.ip, x.user_agent, x.request_id, x.prev_hash, x.hash
       FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, occurred_at timestamptz, actor_id uuid, action text, target_type text, target_id text,
                                               data jsonb, ip text, user_agent text, request_id text, prev_hash text, hash text)
       ORDER BY x.seq
       RETURNING 1
     ), valued AS (
       INSERT INTO audit_values (tenant_id, seq, changes)
       SELECT $1, x.seq, x.changes FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, changes jsonb)
       ON CONFLICT (tenant_id, seq) DO NOTHING
       RETURNING 1
     ), taken AS (
       DELETE FROM audit_pending WHERE tenant_id = $1 AND id = ANY($4::bigint[]) RETURNING 1
     )
     SELECT (SELECT count(*)::int FROM valued) AS valued`,
    [
      tenantId,
      JSON.stringify(
        entries.map(({ seq, content: c, prevHash, hash }) => ({
          seq,
          occurred_at: c.occurredAt,
          actor_id: c.actorId,
          action: c.action,
          target_type: c.targetType,
          target_id: c.targetId,
          data: c.data,
          ip: c.ip,
          user_agent: c.userAgent,
          request_id: c.requestId,
          prev_hash: prevHash,
          hash,
        })),
      ),
      JSON.stringify(withValues.map((e) => ({ seq: e.seq, changes: e.changes }))),
      pendingIds,
    ],
  );
  if (Number(rows[0]?.valued) < withValues.length) {
    logger().error({ tenantId, seqs: withValues.map((e) => e.seq) }, 'audit values of a deleted newest entry found where new entries were chained; kept, verification reports them');
  }
}

/** Runs one pass in a short owner transaction of its own. */
function passOnce(tenantId: string, db: Database): Promise<void> {
  return withSystem(async (tx) => {
    await chainPending(tx, tenantId);
  }, db);
}

type Slot = { running: Promise<void> | null; next: Promise<void> | null };
const slots = new WeakMap<Database, Map<string, Slot>>();

function start(slot: Slot, tenantId: string, db: Database): Promise<void> {
  const p: Promise<void> = passOnce(tenantId, db).finally(() => {
    if (slot.running === p) slot.running = null;
  });
  slot.running = p;
  return p;
}

/**
 * Chains every entry of `tenantId` committed before this call, in a transaction of its own
 * (so never from inside an open transaction on PGlite's one connection). Calls are coalesced
 * per tenant in this process: while a pass runs, every caller waits for one more pass that
 * starts after it, so 50 writers finishing together cost two passes, not fifty.
 */
export async function sequenceAudit(tenantId: string, db?: Database): Promise<void> {
  const database = db ?? (await getDb());
  // This pass chains every commit made before now: a kick still waiting is redundant.
  const due = kicks.get(database);
  const timer = due?.get(tenantId);
  if (timer) {
    clearTimeout(timer);
    due!.delete(tenantId);
  }
  let byTenant = slots.get(database);
  if (!byTenant) slots.set(database, (byTenant = new Map()));
  let slot = byTenant.get(tenantId);
  if (!slot) byTenant.set(tenantId, (slot = { running: null, next: null }));
  if (slot.next) return slot.next;
  if (!slot.running) return start(slot, tenantId, database);
  const s = slot;
  s.next = slot.running
    .catch(() => undefined)
    .then(() => {
      s.next = null;
      return start(s, tenantId, database);
    });
  return s.next;
}

/** Passes scheduled by kicks, per database and tenant: a pass started earlier supersedes one. */
const kicks = new WeakMap<Database, Map<string, ReturnType<typeof setTimeout>>>();

/**
 * Starts a pass for `tenantId` KICK_DELAY_MS from now unless one is already due, without
 * waiting for it (the writers' after-commit kick): a burst of writes is chained in one pass.
 * A failure is logged: the entries stay pending for the next pass, reader or timer.
 */
export function kickSequencer(tenantId: string, db: Database): void {
  let due = kicks.get(db);
  if (!due) kicks.set(db, (due = new Map()));
  if (due.has(tenantId)) return;
  const timer = setTimeout(() => {
    sequenceAudit(tenantId, db).catch((err: unknown) => logger().warn({ err, tenantId }, 'audit sequencer pass after commit failed; the next pass chains the entries'));
  }, KICK_DELAY_MS);
  timer.unref();
  due.set(tenantId, timer);
}

/** Chains every tenant's entries that have waited at least `olderThanMs` (the timer's safety net). */
export async function sweepPendingAudit(db?: Database, olderThanMs = SWEEP_OLDER_THAN_MS): Promise<string[]> {
  const database = db ?? (await getDb());
  const tenants = await withSystem(
    async (tx) => (await tx.query<{ id: string }>('SELECT audit_pending_tenants(make_interval(secs => $1)) AS id', [olderThanMs / 1000])).rows.map((r) => r.id),
    database,
  );
  for (const tenantId of tenants) await sequenceAudit(tenantId, database);
  return tenants;
}

const holder = globalThis as unknown as { __crmAuditSequencer?: { stop(): void } };

/**
 * Starts the sequencer's timer in this process (instrumentation.ts): every SWEEP_EVERY_MS it
 * chains what the after-commit hooks missed. Every instance runs it; the audit lock keeps
 * their passes apart. Unref'd: it never keeps a process alive.
 */
export function startAuditSequencer(db?: Database): { stop(): void } {
  if (holder.__crmAuditSequencer) return holder.__crmAuditSequencer;
  let running = false;
  const every = setInterval(() => {
    if (running) return;
    running = true;
    sweepPendingAudit(db)
      .catch((err: unknown) => logger().error({ err }, 'audit sequencer sweep failed'))
      .finally(() => {
        running = false;
      });
  }, SWEEP_EVERY_MS);
  every.unref();
  holder.__crmAuditSequencer = {
    stop() {
      clearInterval(every);
      holder.__crmAuditSequencer = undefined;
    },
  };
  return holder.__crmAuditSequencer;
}
