// Shared by browser and server (pure): the field-level three-way merge of a conflicting push.
// The phone merges with it; the server runs it too, to tell both people what was set aside.
import { jsonEqual } from '@/sync/schema/json-equal';

export type Doc = { id: string; _deleted: boolean } & Record<string, unknown>;

export type ConflictKind =
  /** Both sides changed the field: the server value won; the local value is kept here. */
  | 'field'
  /** The server deleted the record while it was edited here: the local version is kept here. */
  | 'deleted-on-server'
  /** It was deleted here while the server changed it: the record stays; deleting again is possible. */
  | 'delete-overridden';

export interface MergeConflict {
  kind: ConflictKind;
  /** The field (kind "field"), or "*" for the whole record. */
  field: string;
  localValue: unknown;
  serverValue: unknown;
}

export interface MergeResult {
  merged: Doc;
  conflicts: MergeConflict[];
}

/** Fields the merge never reports as conflicts: the id, and bookkeeping timestamps. */
const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt']);

function changed(fields: readonly string[], base: Doc | undefined, doc: Doc): string[] {
  return fields.filter((f) => !base || !jsonEqual(base[f], doc[f]));
}

/**
 * Merges a local edit (`local`) with the server's current document (`server`), both derived
 * from `base` (the server state the local edit started from; undefined for a record created
 * here). A field changed on one side only keeps that side's value; a field changed on both
 * sides to different values takes the server's and returns the local value as a conflict.
 * Deletion against edit: the server's deletion wins (local version kept as a conflict); a
 * local deletion loses to server edits (reported, so the user can delete again).
 */
export function threeWayMerge(fields: readonly string[], base: Doc | undefined, server: Doc, local: Doc): MergeResult {
  const content = fields.filter((f) => !BOOKKEEPING.has(f));
  const localChanges = changed(content, base, local);
  const serverChanges = changed(content, base, server);
  if (server._deleted) {
    if (local._deleted || localChanges.length === 0) return { merged: server, conflicts: [] };
    return { merged: server, conflicts: [{ kind: 'deleted-on-server', field: '*', localValue: local, serverValue: null }] };
  }
  if (local._deleted) {
    if (serverChanges.length === 0 && base) return { merged: { ...server, _deleted: true }, conflicts: [] };
    return { merged: server, conflicts: [{ kind: 'delete-overridden', field: '*', localValue: null, serverValue: server }] };
  }
  const merged: Doc = { ...server };
  const conflicts: MergeConflict[] = [];
  const serverChanged = new Set(serverChanges);
  for (const f of localChanges) {
    if (!serverChanged.has(f)) merged[f] = local[f];
    else if (!jsonEqual(local[f], server[f])) conflicts.push({ kind: 'field', field: f, localValue: local[f], serverValue: server[f] });
  }
  // The later of the two edits, so lists sorted by "last changed" stay right.
  const lu = local.updatedAt;
  const su = server.updatedAt;
  if (typeof lu === 'string' && typeof su === 'string' && lu > su && localChanges.some((f) => !serverChanged.has(f))) merged.updatedAt = lu;
  return { merged, conflicts };
}
