'use client';
// Finding a record of the organization by name, online, for the builder's record pickers and
// its Test run: the server's own rule on the text is checked first, with its words.
import { searchQuerySchema } from '@/lib/records/search-query';
import type { Collection } from '@/lib/workflows/record-fields';
import { api } from './api';

/** Records one search offers; more means "type more of the name". */
export const SEARCH_LIMIT = 20;

export interface FoundRecord {
  id: string;
  label: string;
}

/** A record as people know it: a deal's or company's name, a contact's, an activity's subject. */
export function recordLabel(d: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return text(d.name) || `${text(d.firstName)} ${text(d.lastName)}`.trim() || text(d.subject) || String(d.id);
}

/** Why `text` cannot be searched for (the server's rule), or '' when it can. */
export function searchTextError(text: string): string {
  const q = searchQuerySchema.shape.q.safeParse(text);
  return q.success ? '' : (q.error.issues[0]?.message ?? 'Check the text.');
}

/** Up to SEARCH_LIMIT live records of `collection` whose name contains `text`; throws ApiError. */
export async function findRecords(collection: Collection, text: string): Promise<FoundRecord[]> {
  const q = searchQuerySchema.shape.q.parse(text);
  const r = await api<{ documents: Record<string, unknown>[] }>(`/api/records/${collection}/search?${new URLSearchParams({ q, limit: String(SEARCH_LIMIT) })}`);
  return r.documents.map((d) => ({ id: String(d.id), label: recordLabel(d) }));
}

/** The name of one record of the organization, or null when there is none (deleted, or never). */
export async function recordName(collection: Collection, id: string): Promise<string | null> {
  try {
    return recordLabel((await api<{ document: Record<string, unknown> }>(`/api/records/${collection}/${encodeURIComponent(id)}`)).document);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}

/** What a search found, said once in a status line. */
export function foundNews(collection: Collection, text: string, found: FoundRecord[], chosenIn: string): string {
  if (!found[0]) return `No ${collection} match “${text.trim()}”.`;
  const more = found.length === SEARCH_LIMIT ? ` Showing the first ${SEARCH_LIMIT}: type more of the name.` : '';
  return `${found.length} found; “${found[0].label}” chosen in ${chosenIn}.${more}`;
}
