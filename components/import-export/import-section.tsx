'use client';

import Papa from 'papaparse';
import { useId, useMemo, useState, type ChangeEvent } from 'react';
import { Button } from '@/components/ui/button';
import { RadioGroup } from '@/components/ui/radio-group';
import { Select } from '@/components/ui/select';
import { showToast } from '@/components/ui/toast-store';
import type { NewRecord } from '@/components/records/record-types';
import { createRecords, newRecord } from '@/components/records/record-writes';
import { useRecords } from '@/components/records/use-records';
import { useSyncDb } from '@/components/records/use-sync-db';
import { CSV_COLUMNS, guessMapping, splitHeader, validateRows, type ColumnMapping, type ImportKind } from './csv-mapping';
import { ScrollRegion } from '@/components/ui/scroll-region';

const KINDS = [
  { id: 'contacts', label: 'Contacts' },
  { id: 'companies', label: 'Companies' },
];
const NOT_IMPORTED = 'none';
/** Rows shown in the preview and errors listed on screen; the counts always cover the whole file. */
const PREVIEW_ROWS = 5;
const ERRORS_SHOWN = 50;

interface ParsedFile {
  name: string;
  headers: string[];
  rows: string[][];
}

/**
 * Choose a file, check the column mapping against a preview, see every bad row by line,
 * then import: all rows are validated first and written in one bulk insert, so a file is
 * imported whole or not at all.
 */
export function ImportSection() {
  const state = useSyncDb();
  const companies = useRecords('companies');
  const fileInputId = useId();
  const [kind, setKind] = useState<ImportKind>('contacts');
  const [file, setFile] = useState<ParsedFile | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const result = useMemo(() => {
    if (!file || !companies) return null;
    return validateRows(kind, file.rows, mapping, { ownerId: state.status === 'ready' ? state.handle.userId : null, companies });
  }, [file, companies, kind, mapping, state]);

  function chooseKind(next: ImportKind) {
    setKind(next);
    if (file) setMapping(guessMapping(next, file.headers));
  }

  function readFile(e: ChangeEvent<HTMLInputElement>) {
    const chosen = e.target.files?.[0];
    setProblem(null);
    if (!chosen) return;
    Papa.parse<string[]>(chosen, {
      skipEmptyLines: 'greedy',
      complete: (parsed) => {
        const { headers, rows } = splitHeader(parsed.data);
        if (headers.length === 0 || rows.length === 0) {
          setFile(null);
          setProblem(`${chosen.name} has no rows to import. The first line must name the columns.`);
          return;
        }
        setFile({ name: chosen.name, headers, rows });
        setMapping(guessMapping(kind, headers));
      },
      error: () => setProblem(`${chosen.name} could not be read as CSV.`),
    });
  }

  async function runImport() {
    if (!result || result.errors.length || state.status !== 'ready' || !file) return;
    setBusy(true);
    try {
      const now = new Date();
      if (kind === 'contacts') await createRecords(state.handle.db, 'contacts', (result.records as NewRecord<'contacts'>[]).map((r) => newRecord<'contacts'>(r, now)));
      else await createRecords(state.handle.db, 'companies', (result.records as NewRecord<'companies'>[]).map((r) => newRecord<'companies'>(r, now)));
      showToast(`Imported ${result.records.length} ${kind} from ${file.name}.`, 'success');
      setFile(null);
    } catch {
      showToast(`Nothing was imported from ${file.name}: the device could not store the records.`, 'error');
    } finally {
      setBusy(false);
    }
  }

  const columns = CSV_COLUMNS[kind];
  const headerOptions = [{ id: NOT_IMPORTED, label: 'Not imported' }, ...(file?.headers.map((h, i) => ({ id: String(i), label: h || `Column ${i + 1}` })) ?? [])];
  return (
    <div className="flex flex-col gap-4">
      <RadioGroup label="What the file holds" options={KINDS} value={kind} onChange={(v) => chooseKind(v as ImportKind)} />
      <div className="flex flex-col gap-1">
        <label htmlFor={fileInputId} className="font-semibold">
          CSV file
        </label>
        <p id={`${fileInputId}-help`} className="text-sm text-muted">
          The first line names the columns. {kind === 'contacts' ? 'Companies are matched by name.' : ''}
        </p>
        <input
          id={fileInputId}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={`${fileInputId}-help`}
          onChange={readFile}
          className="min-h-target w-full rounded-md border-2 border-border bg-bg p-2 text-text file:me-3 file:min-h-target file:rounded-md file:border-2 file:border-border file:bg-surface file:px-3 file:text-text"
        />
        {problem ? (
          <p role="alert" className="font-semibold text-danger">
            {problem}
          </p>
        ) : null}
      </div>

      {file && result ? (
        <>
          <section aria-labelledby="mapping-heading" className="flex flex-col gap-2">
            <h3 id="mapping-heading" className="text-lg font-semibold">
              Columns
            </h3>
            <p>Which column of {file.name} fills each field.</p>
            <div className="grid gap-3 sm:grid-cols-2">
              {columns.map((col) => (
                <Select
                  key={col.field}
                  label={col.header}
                  options={headerOptions}
                  selectedKey={mapping[col.field] == null ? NOT_IMPORTED : String(mapping[col.field])}
                  onSelectionChange={(k) => setMapping((m) => ({ ...m, [col.field]: k == null || k === NOT_IMPORTED ? null : Number(k) }))}
                />
              ))}
            </div>
          </section>

          <section aria-labelledby="preview-heading" className="flex flex-col gap-2">
            <h3 id="preview-heading" className="text-lg font-semibold">
              Preview of the first {Math.min(PREVIEW_ROWS, file.rows.length)} of {file.rows.length} rows
            </h3>
            <ScrollRegion aria-labelledby="preview-heading">
              <table className="min-w-full border-collapse text-sm">
                <thead>
                  <tr>
                    <th scope="col" className="border border-border px-2 text-start">
                      Line
                    </th>
                    {columns.map((c) => (
                      <th key={c.field} scope="col" className="border border-border px-2 text-start">
                        {c.header}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {file.rows.slice(0, PREVIEW_ROWS).map((row, i) => (
                    <tr key={i}>
                      <td className="border border-border px-2">{i + 2}</td>
                      {columns.map((c) => (
                        <td key={c.field} className="border border-border px-2">
                          {mapping[c.field] == null ? '' : (row[mapping[c.field]!] ?? '')}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>

          <section aria-labelledby="check-heading" className="flex flex-col gap-2">
            <h3 id="check-heading" className="text-lg font-semibold">
              Check
            </h3>
            <p role="status" className="font-semibold" data-testid="import-summary">
              {result.errors.length
                ? `${result.errors.length} of ${file.rows.length} rows have problems. Fix them in the file or the column choices; nothing is imported until every row is valid.`
                : `All ${file.rows.length} rows are valid.`}
            </p>
            {result.errors.length ? (
              <ul className="list-disc ps-6" aria-label="Rows with problems">
                {result.errors.slice(0, ERRORS_SHOWN).map((e) => (
                  <li key={e.line}>
                    Line {e.line}: {e.messages.join(' ')}
                  </li>
                ))}
                {result.errors.length > ERRORS_SHOWN ? <li>and {result.errors.length - ERRORS_SHOWN} more rows.</li> : null}
              </ul>
            ) : null}
            <div>
              <Button variant="primary" isDisabled={busy || result.errors.length > 0 || state.status !== 'ready'} onPress={() => void runImport()}>
                {`Import ${result.records.length} ${kind}`}
              </Button>
            </div>
          </section>
        </>
      ) : null}
    </div>
  );
}
