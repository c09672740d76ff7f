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
  }
}
