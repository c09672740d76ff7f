// What changed in a workflow's run history between two reads, as one short sentence for a
// polite live region (run-history.tsx reads the history again while the page is open).

export interface RunLine {
  id: string;
  status: string;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** "2 new runs; a run succeeded" — or '' when nothing worth saying changed (or on the first read). */
export function runNews(before: readonly RunLine[] | null, after: readonly RunLine[]): string {
  if (!before) return '';
  const was = new Map(before.map((r) => [r.id, r.status]));
  const added = after.filter((r) => !was.has(r.id)).length;
  const ended = new Map<string, number>();
  for (const r of after) {
    const old = was.get(r.id);
    if (old !== undefined && old !== r.status && FINAL.has(r.status)) ended.set(r.status, (ended.get(r.status) ?? 0) + 1);
  }
  const parts: string[] = [];
  if (added) parts.push(added === 1 ? '1 new run' : `${added} new runs`);
  for (const [status, n] of ended) parts.push(n === 1 ? `a run ${status}` : `${n} runs ${status}`);
  if (!parts.length) return '';
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}
