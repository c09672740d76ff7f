// Shared with the browser: turns the shared zod schema's verdict on a record into one plain
// sentence per form field, so forms validate with exactly the rule the server applies.
import type { CollectionDef } from '@/sync/schema/define-collection';

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

const PLACEHOLDER_ID = '00000000-0000-7000-8000-000000000000';
const PLACEHOLDER_TIME = '2000-01-01T00:00:00.000Z';

/**
 * Errors of `record` (a whole record, or the fields a form edits: id and timestamps are filled
 * in) under the collection's schema, keyed by field, worded with the field's label.
 */
export function schemaErrors(def: CollectionDef, record: Record<string, unknown>, labels: Readonly<Record<string, string>>): FieldErrors {
  const candidate = { id: PLACEHOLDER_ID, createdAt: PLACEHOLDER_TIME, updatedAt: PLACEHOLDER_TIME, ...record, _deleted: false };
  const parsed = def.wireSchema.safeParse(candidate);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!field || errors[field]) continue;
    const label = labels[field] ?? field;
    errors[field] = describeIssue(label, issue as { code: string; minimum?: unknown; maximum?: unknown });
  }
  return errors;
}

function describeIssue(label: string, issue: { code: string; minimum?: unknown; maximum?: unknown }): string {
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1 ? `${label} is required.` : `${label} must be at least ${String(issue.minimum)}.`;
    case 'too_big':
      return `${label} can be at most ${String(issue.maximum)} characters long.`;
    case 'invalid_type':
      return `${label} is required.`;
    default:
      return `${label} is not valid.`;
  }
}

/** A loose email shape check: the schema stores any text, but a typo here costs a sale. */
export function emailError(value: string, label = 'Email'): string | null {
  if (!value.trim()) return null;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? null : `${label} must look like name@example.com.`;
}

/** Empty text becomes null for nullable fields. */
export function blankToNull(value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}
