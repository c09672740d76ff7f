import 'server-only';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../audit/append-audit';
import type { SessionContext } from '../auth/session-context';
import type { Database, Queryable } from '../db/types';
import { withTenant } from '../db/with-tenant';
import type { PrivacyRequest, PrivacyRequestKind } from './privacy-schemas';

/** Longest list the privacy page gets (newest first). */
export const MAX_LISTED_REQUESTS = 200;

type RequestRow = {
  id: string;
  kind: PrivacyRequestKind;
  subject_id: string;
  requested_by: string | null;
  requester_name: string | null;
  created_at: string;
  summary: Record<string, number>;
};

const SELECT_REQUEST = `SELECT r.id, r.kind, r.subject_id, r.requested_by, u.name AS requester_name, r.created_at, r.summary
  FROM privacy_requests r LEFT JOIN users u ON u.id = r.requested_by`;

function toRequest(r: RequestRow): PrivacyRequest {
  return { id: r.id, kind: r.kind, subjectId: r.subject_id, requestedBy: { id: r.requested_by, name: r.requester_name }, createdAt: r.created_at, summary: r.summary };
}

/**
 * Records a request in the caller's transaction (the app role, or the owner with the tenant set)
 * and audits it (`privacy.export` / `privacy.erase`, target the contact id) with the same
 * counts. The summary must be counts: anything else is a bug, since the record outlives the
 * erasure. `auditData` adds to the entry's data (the export's format).
 */
export async function recordPrivacyRequest(
  tx: Queryable,
  ctx: SessionContext,
  kind: PrivacyRequestKind,
  subjectId: string,
  summary: Record<string, number>,
  auditData: Record<string, string> = {},
): Promise<PrivacyRequest> {
  if (!Object.values(summary).every((n) => Number.isInteger(n) && n >= 0)) throw new Error('a privacy request summary holds counts only');
  const id = uuidv7();
  await tx.query(`INSERT INTO privacy_requests (tenant_id, id, kind, subject_type, subject_id, requested_by, summary) VALUES ($1, $2, $3, 'contact', $4, $5, $6)`, [
    ctx.tenantId,
    id,
    kind,
    subjectId,
    ctx.userId,
    JSON.stringify(summary),
  ]);
  await appendAudit(tx, {
    tenantId: ctx.tenantId,
    actorId: ctx.userId,
    action: `privacy.${kind}`,
    targetType: 'contacts',
    targetId: subjectId,
    data: { requestId: id, ...auditData, summary },
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
    requestId: ctx.requestId ?? null,
  });
  const { rows } = await tx.query<RequestRow>(`${SELECT_REQUEST} WHERE r.tenant_id = $1 AND r.id = $2`, [ctx.tenantId, id]);
  return toRequest(rows[0]!);
}

/**
 * The tenant's privacy requests, newest first. The requester's name shows while they are a
 * member (the app role sees members only); the id stays until their account is deleted.
 */
export async function listPrivacyRequests(ctx: SessionContext, db?: Database): Promise<PrivacyRequest[]> {
  return withTenant(
    ctx.tenantId,
    async (tx) => (await tx.query<RequestRow>(`${SELECT_REQUEST} WHERE r.tenant_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT ${MAX_LISTED_REQUESTS}`, [ctx.tenantId])).rows.map(toRequest),
    db,
  );
}
