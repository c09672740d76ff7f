// Shared with the browser: CSV columns ↔ record fields for contacts and companies. Pure:
// parsing and file handling live in the screen; this decides what each row becomes.
import Papa from 'papaparse';
import { companyFromValues } from '@/components/companies/company-values';
import { contactFromValues } from '@/components/contacts/contact-values';
import { normalizeText } from '@/components/records/search';
import { contactName } from '@/components/records/record-names';
import type { Company, Contact, NewRecord } from '@/components/records/record-types';
import type { FormValues } from '@/components/records/form-validation';

export type ImportKind = 'contacts' | 'companies';

export interface CsvColumn {
  /** The form value name (contacts take "company" as a name, resolved to a company id). */
  field: string;
  header: string;
  /** Other headers recognised for this column when mapping a file automatically. */
  aliases: readonly string[];
}

export const CSV_COLUMNS: Record<ImportKind, readonly CsvColumn[]> = {
  contacts: [
    { field: 'firstName', header: 'First name', aliases: ['first', 'firstname', 'given name', 'forename'] },
    { field: 'lastName', header: 'Last name', aliases: ['last', 'lastname', 'surname', 'family name'] },
    { field: 'email', header: 'Email', aliases: ['e-mail', 'email address', 'mail'] },
    { field: 'phone', header: 'Phone', aliases: ['telephone', 'mobile', 'phone number', 'tel'] },
    { field: 'title', header: 'Job title', aliases: ['title', 'position', 'role'] },
    { field: 'company', header: 'Company', aliases: ['company name', 'organisation', 'organization', 'account'] },
  ],
  companies: [
    { field: 'name', header: 'Company name', aliases: ['name', 'company', 'organisation', 'organization'] },
    { field: 'domain', header: 'Website', aliases: ['domain', 'url', 'web', 'site'] },
    { field: 'industry', header: 'Industry', aliases: ['sector'] },
    { field: 'phone', header: 'Phone', aliases: ['telephone', 'tel', 'phone number'] },
    { field: 'address', header: 'Street address', aliases: ['address', 'street'] },
    { field: 'city', header: 'City', aliases: ['town'] },
    { field: 'country', header: 'Country', aliases: [] },
  ],
};

/** field → index of the file column it takes its value from (null: not imported). */
export type ColumnMapping = Record<string, number | null>;

const simplify = (h: string) => normalizeText(h).replace(/[^a-z0-9]+/g, ' ').trim();

/** Maps each field to the file column whose header matches its name or an alias. */
export function guessMapping(kind: ImportKind, headers: readonly string[]): ColumnMapping {
  const simple = headers.map(simplify);
  const mapping: ColumnMapping = {};
  for (const col of CSV_COLUMNS[kind]) {
    const names = [col.header, col.field, ...col.aliases].map(simplify);
    const index = simple.findIndex((h) => names.includes(h));
    mapping[col.field] = index === -1 ? null : index;
  }
  return mapping;
}

export interface RowError {
  /** 1-based line of the file, counting the header line, as a spreadsheet shows it. */
  line: number;
  messages: string[];
}

export type ValidatedImport<K extends ImportKind> = { records: NewRecord<K>[]; errors: RowError[] };

/**
 * Every data row checked with the same rules as the forms. Import happens only when `errors`
 * is empty, so a file is imported whole or not at all.
 */
export function validateRows<K extends ImportKind>(
  kind: K,
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  ctx: { ownerId: string | null; companies: readonly Pick<Company, 'id' | 'name'>[] },
): ValidatedImport<K> {
  const companyIds = new Map(ctx.companies.map((c) => [simplify(c.name), c.id]));
  const records: NewRecord<K>[] = [];
  const errors: RowError[] = [];
  rows.forEach((row, i) => {
    const values: FormValues = {};
    for (const col of CSV_COLUMNS[kind]) {
      const index = mapping[col.field];
      values[col.field] = index == null ? '' : (row[index] ?? '').trim();
    }
    const messages: string[] = [];
    if (kind === 'contacts' && values.company) {
      const id = companyIds.get(simplify(values.company));
      if (id) values.companyId = id;
      else messages.push(`No company named “${values.company}” on this device; import companies first.`);
    }
    const result = kind === 'contacts' ? contactFromValues(values, ctx.ownerId) : companyFromValues(values, ctx.ownerId);
    // Each message already names its field ("Email must look like…").
    if ('errors' in result) messages.push(...Object.values(result.errors));
    if (messages.length) errors.push({ line: i + 2, messages });
    else if ('fields' in result) records.push(result.fields as NewRecord<K>);
  });
  return { records, errors };
}

/** Splits parsed CSV into its header line and the non-empty data rows. */
export function splitHeader(data: readonly (readonly string[])[]): { headers: string[]; rows: string[][] } {
  const [headers = [], ...rest] = data;
  return { headers: headers.map((h) => h.trim()), rows: rest.filter((r) => r.some((cell) => cell.trim() !== '')).map((r) => [...r]) };
}

/** The CSV text of records, with the same headers the importer recognises. */
export function exportCsv(kind: ImportKind, records: readonly (Contact | Company)[], companies: readonly Pick<Company, 'id' | 'name'>[]): string {
  const columns = CSV_COLUMNS[kind];
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  const rows = records.map((r) =>
    columns.map((col) => {
      if (col.field === 'company') return companyName.get((r as Contact).companyId ?? '') ?? '';
      const v = (r as unknown as Record<string, unknown>)[col.field];
      return v == null ? '' : String(v);
    }),
  );
  // Spreadsheet apps run cells starting with = + - @ as formulas: prefix them (CSV injection).
  const safe = rows.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d[\d\s().-]*$/.test(cell) ? `'${cell}` : cell)));
  return Papa.unparse({ fields: columns.map((c) => c.header), data: safe });
}

/** Sorts records for export the way the lists show them. */
export function exportOrder(kind: ImportKind, records: readonly (Contact | Company)[]): (Contact | Company)[] {
  const name = (r: Contact | Company) => (kind === 'contacts' ? contactName(r as Contact) : (r as Company).name);
  return records.slice().sort((a, b) => name(a).localeCompare(name(b)));
}
