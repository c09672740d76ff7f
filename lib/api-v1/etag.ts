import 'server-only';
import { createHash } from 'node:crypto';
import { ApiProblem } from './problem';

/**
 * A record's entity tag: a hash of its fields as the API returns them. Content, not a clock:
 * the phones write `updatedAt` with their own clocks, and two writes in one millisecond must
 * still differ. Strong: the same tag means the same bytes of every field.
 */
export function etagOf(record: Readonly<Record<string, unknown>>): string {
  return `"${createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 27)}"`;
}

/**
 * RFC 9110 If-Match: absent means "write whatever is there" (last write wins, as for a client
 * that does not track versions); `*` means "any current version"; otherwise one of the listed
 * tags must be the record's current one, else 412 and nothing is written.
 */
export function assertIfMatch(header: string | null, current: Readonly<Record<string, unknown>>): void {
  if (header === null) return;
  const value = header.trim();
  if (value === '*') return;
  // Strong comparison (RFC 9110 13.1.1): a weak tag never matches.
  const tags = value.split(',').map((t) => t.trim());
  if (!tags.includes(etagOf(current))) {
    throw new ApiProblem('precondition_failed', 'The record changed since you read it (If-Match names another version). Read it again, then retry.', { ETag: etagOf(current) });
  }
}
