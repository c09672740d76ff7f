import 'server-only';
import type { SessionContext } from '../auth/session-context';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { limiter, tryConsume } from '../ratelimit/limiter';
import { appendAudit } from './append-audit';
import { auditNames } from './audit-names';
import type { AuditFilter } from './audit-filter';
import { auditToCsv, queryAudit, type AuditEntry } from './query-audit';
import { headPublicKeys } from './head-key';
import { sequenceAudit } from './sequence-audit';
import { headMessage, listSignedHeads, signHead, type SignedHead } from './sign-head';
import { verifyChain, type ChainVerdict } from './verify-chain';
import { verifyHeads, type HeadVerdict } from './verify-heads';
import { verifyPending, type PendingVerdict } from './verify-pending';

const meta = (ctx: SessionContext) => ({ tenantId: ctx.tenantId, actorId: ctx.userId, ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null, requestId: ctx.requestId ?? null });

// Every read below first chains what has committed (sequence before read), so it is complete.

/** A page of the caller's tenant's audit log, newest first. */
export async function listAuditEntries(ctx: SessionContext, filter: AuditFilter): Promise<AuditEntry[]> {
  await sequenceAudit(ctx.tenantId);
  return withTenant(ctx.tenantId, (tx) => queryAudit(tx, filter));
}

/** {@link listAuditEntries}, with names for the ids the entries show (audit-names.ts), for people to read. */
export async function listAuditEntriesNamed(ctx: SessionContext, filter: AuditFilter): Promise<{ entries: AuditEntry[]; names: Record<string, string> }> {
  await sequenceAudit(ctx.tenantId);
  return withTenant(ctx.tenantId, async (tx) => {
    const entries = await queryAudit(tx, filter);
    return { entries, names: await auditNames(tx, ctx.tenantId, entries) };
  });
}

/** Export as CSV or JSON; the export itself is audited in the same transaction. */
export async function exportAudit(ctx: SessionContext, filter: AuditFilter, format: 'csv' | 'json'): Promise<string> {
  await sequenceAudit(ctx.tenantId);
  return withTenant(ctx.tenantId, async (tx) => {
    const entries = await queryAudit(tx, filter);
    const { limit: _limit, ...criteria } = filter;
    await appendAudit(tx, { ...meta(ctx), action: 'audit.export', data: { format, entries: entries.length, criteria } });
    return format === 'csv' ? auditToCsv(entries) : JSON.stringify({ entries }, null, 2);
  });
}

/** Chain verifications per organization per minute: each one rereads and rehashes the whole chain. */
export const VERIFY_PER_MINUTE = 10;

/** Takes one of the organization's points of `name`, or throws 429 naming the wait. */
async function perTenantLimit(ctx: SessionContext, name: string, perMinute: number, what: string): Promise<void> {
  const retry = await tryConsume(await limiter({ name, points: perMinute, windowSeconds: 60, blockSeconds: 0 }), ctx.tenantId);
  if (retry > 0) throw new AppError(ErrorCode.RateLimited, `At most ${perMinute} ${what} per minute. Retry in ${retry} s.`, undefined, { 'Retry-After': String(retry) });
}

/**
 * Recomputes the tenant's chain and reports the first broken entry, checks the entries still
 * waiting to be chained, then checks the chain against the signed heads (and any heads the
 * auditor kept from an earlier export); the check is audited.
 */
export async function verifyAuditChain(
  ctx: SessionContext,
  supplied?: readonly SignedHead[],
): Promise<ChainVerdict & { pending: PendingVerdict; heads: HeadVerdict }> {
  // Security: the most expensive request there is (every entry reread and rehashed, up to
  // 10,000 kept heads checked) and it writes an entry; a loop must not pin the database.
  await perTenantLimit(ctx, 'audit-verify', VERIFY_PER_MINUTE, 'chain verifications');
  await sequenceAudit(ctx.tenantId);
  return withTenant(ctx.tenantId, async (tx) => {
    const verdict = await verifyChain(tx, ctx.tenantId);
    const pending = await verifyPending(tx, ctx.tenantId);
    const heads = await verifyHeads(tx, ctx.tenantId, { supplied });
    // Recorded after verifying, so the verdict covers exactly the entries that existed before.
    await appendAudit(tx, {
      ...meta(ctx),
      action: 'audit.verify',
      data: { ok: verdict.ok && pending.ok && heads.ok, entries: verdict.entries, pendingProblems: pending.problems.length, headProblems: heads.problems.length },
    });
    return { ...verdict, pending, heads };
  });
}

/** On-demand head signatures per organization per minute (the hourly job needs none). */
export const SIGN_NOW_PER_MINUTE = 10;

/** Signs the chain head now (an auditor's request is itself an entry, covered by the signature). */
export async function signAuditHeadNow(ctx: SessionContext): Promise<SignedHead> {
  // Security: each signature writes a head row and an audit entry and costs a signing; the
  // per-organization limit keeps a scripted loop from flooding the organization's log.
  await perTenantLimit(ctx, 'audit-sign-now', SIGN_NOW_PER_MINUTE, 'head signatures on demand (the head is also signed hourly)');
  // The request's own entry is committed and chained first, so the signature covers it (a
  // failed signing leaves the entry: it records the request).
  await withTenant(ctx.tenantId, (tx) => appendAudit(tx, { ...meta(ctx), action: 'audit.head_signed' }));
  await sequenceAudit(ctx.tenantId);
  return withTenant(ctx.tenantId, async (tx) => (await signHead(tx, ctx.tenantId))!);
}

/** What an auditor keeps: every signed head with the exact signed text, and the public keys to check them offline. */
export interface SignedHeadsExport {
  tenantId: string;
  algorithm: 'Ed25519';
  /** Public keys by key id (JWK); a head's `keyId` names its key. */
  publicKeys: Record<string, JsonWebKey>;
  heads: (SignedHead & { signedText: string })[];
}

/** Export of the tenant's signed heads; the export is audited. */
export function exportSignedHeads(ctx: SessionContext): Promise<SignedHeadsExport> {
  return withTenant(ctx.tenantId, async (tx) => {
    const heads = await listSignedHeads(tx, ctx.tenantId);
    await appendAudit(tx, { ...meta(ctx), action: 'audit.export', data: { format: 'signed_heads', heads: heads.length } });
    return { tenantId: ctx.tenantId, algorithm: 'Ed25519', publicKeys: headPublicKeys(), heads: heads.map((h) => ({ ...h, signedText: headMessage(h.payload) })) };
  });
}
