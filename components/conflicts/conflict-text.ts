// Shared with the browser: conflict values and choices in words (pure, tested beside).
import type { ConflictDoc } from '@/sync/client/conflicts';

/** A stored JSON value as a person reads it. */
export function describeValue(json: string): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  if (value === null || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** "first name" from "firstName". */
export function fieldWords(field: string): string {
  return field.replace(/([A-Z])/g, ' $1').toLowerCase();
}

export interface ConflictChoices {
  summary: string;
  keepMine: string;
  keepServer: string;
}

/** What happened and the two ways out, worded for the kind of conflict. */
export function conflictChoices(c: Pick<ConflictDoc, 'kind' | 'field'>): ConflictChoices {
  switch (c.kind) {
    case 'field':
      return { summary: `You and someone else both changed the ${fieldWords(c.field)}.`, keepMine: 'Keep my value', keepServer: 'Keep the other value' };
    case 'deleted-on-server':
      return { summary: 'Someone deleted this record while you were changing it.', keepMine: 'Restore my version', keepServer: 'Keep it deleted' };
    case 'delete-overridden':
      return { summary: 'You deleted this record while someone else changed it.', keepMine: 'Delete it anyway', keepServer: 'Keep their version' };
    case 'rejected':
      return { summary: 'The server refused your change, so this record is back as it is on the server.', keepMine: 'Try my change again', keepServer: 'Discard my change' };
  }
}

/** Bookkeeping the person never typed: not listed as part of a refused change. */
const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', '_deleted']);

/**
 * A refused change (kind `rejected`) as the fields where it differs from the server's record,
 * each value in words; a refused deletion or new record is one line.
 */
export function refusedChanges(c: Pick<ConflictDoc, 'localValue' | 'serverValue'>): { field: string; mine: string; server: string }[] {
  const mine = JSON.parse(c.localValue) as Record<string, unknown> & { _deleted?: boolean };
  const server = JSON.parse(c.serverValue) as Record<string, unknown> | null;
  if (mine._deleted) return [{ field: 'change', mine: 'delete this record', server: 'kept' }];
  return Object.keys(mine)
    .filter((f) => !BOOKKEEPING.has(f) && JSON.stringify(mine[f]) !== JSON.stringify(server?.[f] ?? null))
    .map((f) => ({ field: f, mine: describeValue(JSON.stringify(mine[f] ?? null)), server: server ? describeValue(JSON.stringify(server[f] ?? null)) : '(no such record)' }));
}
