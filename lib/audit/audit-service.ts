import 'server-only';
import type { SessionContext } from '../auth/session-context';
import { withTenant } from '../db/with-tenant';
import { appendAudit } from './append-audit';
import type { AuditFilter } from './audit-filter';
import { auditToCsv, queryAudit, type AuditEntry } from './query-audit';
import { verifyChain, type ChainVerdict } from './verify-chain';

const meta = (ctx: SessionContext) => ({ tenantId: ctx.tenantId, actorId: ctx.userId, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null, requestId: ctx.requestId ?? null });

/** A page of the caller's tenant's audit log, newest first. */
export function listAuditEntries(ctx: SessionContext, filter: AuditFilter): Promise<AuditEntry[]> {
  return withTenant(ctx.tenantId, (tx) => queryAudit(tx, filter));
}

/** Export as CSV or JSON; the export itself is audited in the same transaction. */
export function exportAudit(ctx: SessionContext, filter: AuditFilter, format: 'csv' | 'json'): Promise<string> {
  return withTenant(ctx.tenantId, async (tx) => {
    const entries = await queryAudit(tx, filter);
    const { limit: _limit, ...criteria } = filter;
    await appendAudit(tx, { ...meta(ctx), action: 'audit.export', data: { format, entries: entries.length, criteria } });
    return format === 'csv' ? auditToCsv(entries) : JSON.stringify({ entries }, null, 2);
  });
}

/** Recomputes the tenant's chain and reports the first broken entry; the check is audited. */
export function verifyAuditChain(ctx: SessionContext): Promise<ChainVerdict> {
  return withTenant(ctx.tenantId, async (tx) => {
    const verdict = await verifyChain(tx, ctx.tenantId);
    // Recorded after verifying, so the verdict covers exactly the entries that existed before.
    await appendAudit(tx, { ...meta(ctx), action: 'audit.verify', data: { ok: verdict.ok, entries: verdict.entries } });
    return verdict;
  });
}
