import 'server-only';
import { toSnakeCase } from '../../sync/schema/define-collection';
import type { RecordData } from './evaluate';

/**
 * Workflows name record fields by their SQL columns (`stage_id`, `amount_cents`, see
 * fields.ts); the sync write path stores documents in the outbox with their camelCase wire
 * names (`stageId`). One mapping (the schema's own) turns either into column names.
 */
export function toColumnKeys(doc: RecordData | null): RecordData | null {
  if (!doc) return null;
  return Object.fromEntries(Object.entries(doc).map(([k, v]) => [toSnakeCase(k), v]));
}
