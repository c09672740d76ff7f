// Shared by browser and server: equality of JSON values as both sides store them. Object
// key order is ignored because Postgres jsonb reorders keys.

/** Deep equality of two JSON values (null, booleans, numbers, strings, arrays, plain objects). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  if (keys.length !== Object.keys(bo).filter((k) => bo[k] !== undefined).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** Names of the fields whose values differ between two documents (of the given field list). */
export function changedFields(fields: readonly string[], before: Record<string, unknown> | null, after: Record<string, unknown>): string[] {
  if (!before) return [...fields];
  return fields.filter((f) => !jsonEqual(before[f], after[f]));
}
