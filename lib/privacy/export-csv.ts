import 'server-only';
import Papa from 'papaparse';
import { EXPORT_SECTIONS, type ContactExport } from './contact-export';

/** The CSV export's columns: one row per value (long format), so every section fits one table. */
export const CSV_COLUMNS = ['section', 'recordId', 'field', 'value'] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

/** Each scalar inside `value` with its dotted path (`before.email`, `steps.0.input.message`). */
function flatten(value: unknown, path: string, out: [string, string][]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push([path, '']);
    value.forEach((v, i) => flatten(v, path ? `${path}.${i}` : String(i), out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0 && path) out.push([path, '']);
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
  } else {
    out.push([path, value === null || value === undefined ? '' : String(value)]);
  }
}

function rowsOf(section: string, item: Record<string, unknown>): CsvRow[] {
  const recordId = String(item.id ?? '');
  const cells: [string, string][] = [];
  flatten(item, '', cells);
  return cells.map(([field, value]) => ({ section, recordId, field, value }));
}

/**
 * The export as CSV in long format: section, recordId (the item's own id in its section: a
 * record, a change, an audit entry's seq, a run...), field (a dotted path) and value.
 */
export function exportToCsv(data: ContactExport): string {
  const rows: CsvRow[] = [{ section: 'subject', recordId: data.subject.id, field: 'exportedAt', value: data.exportedAt }];
  if (data.contact) rows.push(...rowsOf('contact', data.contact));
  for (const section of EXPORT_SECTIONS) for (const item of data[section]) rows.push(...rowsOf(section, item));
  // Security: cells starting with = + - @ are prefixed so a spreadsheet never runs them as formulas.
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: rows.map((r) => CSV_COLUMNS.map((c) => r[c])) }, { escapeFormulae: true });
}
