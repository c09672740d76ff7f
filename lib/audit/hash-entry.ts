import 'server-only';
import { createHash } from 'node:crypto';

/** Hash that precedes a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  tenantId: string;
  seq: number;
  occurredAt: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256(prevHash + canonical content): each entry commits to the whole chain before it. */
export function hashEntry(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** sha256 of an entry's before/after values: what the chained entry stores in place of them. */
export function hashValues(values: unknown): string {
  return createHash('sha256').update(canonicalJson(values)).digest('hex');
}

/** What a pending entry holds before the sequencer gives it a place (seq) in the chain. */
export type PendingContent = Omit<AuditContent, 'seq'>;

/**
 * An entry's content as its table stores it (audit_log and audit_pending share these columns).
 * The one mapping between the columns and the hashed content, both ways, is below.
 */
// A type alias, not an interface: query row types need an implicit index signature.
export type StoredContent = {
  occurred_at: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: unknown;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
};

/** The canonical content of a stored row: what its hashes cover. */
export function contentOfRow(tenantId: string, row: StoredContent): PendingContent {
  return {
    tenantId,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    data: row.data,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
  };
}

/** The columns to store for `content`. */
export function rowOfContent(content: PendingContent): StoredContent {
  return {
    occurred_at: content.occurredAt,
    actor_id: content.actorId,
    action: content.action,
    target_type: content.targetType,
    target_id: content.targetId,
    data: content.data,
    ip: content.ip,
    user_agent: content.userAgent,
    request_id: content.requestId,
  };
}

/**
 * sha256 over a pending entry's canonical content, written with it and rechecked on verify and
 * before it is chained, so an entry changed while it waits is never chained as if genuine.
 */
export function hashPending(content: PendingContent): string {
  return createHash('sha256').update('pending\n').update(canonicalJson(content)).digest('hex');
}
