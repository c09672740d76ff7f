// Shared with the browser: conflict values and choices in words (pure, tested beside).
import type { ConflictDoc } from '@/sync/client/conflicts';
import { formatDateTime } from '@/components/records/format';

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
  /** Puts the value that lost back (restoreConflict). */
  restore: string;
  /** Keeps the record as it is (dismissConflict). */
  dismiss: string;
  /** Labels of the two values of a field conflict. */
  lostLabel: string;
  keptLabel: string;
}

type Described = Pick<ConflictDoc, 'kind' | 'field' | 'side' | 'otherName' | 'otherAt' | 'otherIsSelf'>;

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What happened, who the other person was and when (when the server said), and the two ways out. */
export function conflictChoices(c: Described): ConflictChoices {
  const f = fieldWords(c.field);
  const at = c.otherAt ? formatDateTime(c.otherAt) : null;
  const when = at ? ` on ${at}` : '';
  const values = { lostLabel: 'Your value (set aside)', keptLabel: 'Value in use now' };
  if (c.side === 'theirs') {
    // Their time is their device's clock: said as theirs, not as a fact of the server's.
    const who = capital(c.otherName ?? 'someone');
    const onTheirs = ` on their device${at ? ` (${at})` : ''}`;
    const theirs = { lostLabel: 'Their value (set aside)', keptLabel: 'Your value (in use now)' };
    switch (c.kind) {
      case 'field':
        return { summary: `${who} also changed the ${f}${onTheirs}. Your value stayed; theirs was set aside.`, restore: 'Use their value', dismiss: 'Keep my value', ...theirs };
      case 'deleted-on-server':
        return { summary: `${who} changed this record${onTheirs} while you deleted it. It stays deleted.`, restore: 'Restore their version', dismiss: 'Keep it deleted', ...theirs };
      case 'delete-overridden':
        return { summary: `${who} deleted this record${onTheirs}, but your change kept it.`, restore: 'Delete it as they did', dismiss: 'Keep it', ...theirs };
      case 'rejected':
        break;
    }
  }
  if (c.otherIsSelf) {
    const self = { lostLabel: 'This device\'s value (set aside)', keptLabel: 'Value in use now' };
    switch (c.kind) {
      case 'field':
        return { summary: `You changed the ${f} on another device${when}, before this change reached the server. That value is in use.`, restore: 'Use this device\'s value', dismiss: 'Keep the other value', ...self };
      case 'deleted-on-server':
        return { summary: `You deleted this record on another device${when}, while it was being changed here.`, restore: 'Restore this version', dismiss: 'Keep it deleted', ...self };
      case 'delete-overridden':
        return { summary: `You deleted this record here while it was changed on another device${when}; that change keeps it.`, restore: 'Delete it anyway', dismiss: 'Keep it', ...self };
      case 'rejected':
        break;
    }
  }
  const who = c.otherName ? capital(c.otherName) : null;
  switch (c.kind) {
    case 'field':
      return {
        summary: who ? `${who} changed the ${f}${when}, before your change reached the server. Their value is in use.` : `You and someone else both changed the ${f}.`,
        restore: 'Keep my value',
        dismiss: 'Keep the other value',
        ...values,
      };
    case 'deleted-on-server':
      return { summary: who ? `${who} deleted this record${when}, while you were changing it.` : 'Someone deleted this record while you were changing it.', restore: 'Restore my version', dismiss: 'Keep it deleted', ...values };
    case 'delete-overridden':
      return {
        summary: who ? `You deleted this record while ${c.otherName} changed it${when}; their change keeps it.` : 'You deleted this record while someone else changed it.',
        restore: 'Delete it anyway',
        dismiss: 'Keep their version',
        ...values,
      };
    case 'rejected':
      return { summary: 'The server refused your change, so this record is back as it is on the server.', restore: 'Try my change again', dismiss: 'Discard my change', ...values };
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
