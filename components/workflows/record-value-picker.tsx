'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import type { Collection } from '@/lib/workflows/record-fields';
import { findRecords, foundNews, recordName, searchTextError, type FoundRecord } from './record-search';
import { buttonClass, inputClass } from './control-classes';

/** The record a reference field points at: `companyId` → companies. */
export const REFERENCED: Readonly<Record<string, { collection: Collection; noun: string; plural: string }>> = {
  companyId: { collection: 'companies', noun: 'company', plural: 'companies' },
  contactId: { collection: 'contacts', noun: 'contact', plural: 'contacts' },
  dealId: { collection: 'deals', noun: 'deal', plural: 'deals' },
};

/** What one search found, and what it said, for the value it chose: shown only while that value is chosen. */
type Search = { found: FoundRecord[]; news: string };

/**
 * A value that is a record (a deal's company, an activity's deal), found by name and shown by
 * name; the workflow stores its id. Clear sets null ("no company"). An id that no longer names
 * a live record of the organization is said so, not hidden; a lookup that failed says why and
 * can be tried again. Give it `key={field}`: a picker serves one kind of record.
 */
export function RecordValuePicker({ id, field, label, value, onChange }: { id?: string; field: string; label: string; value: unknown; onChange: (v: string | null) => void }) {
  const { collection, noun, plural } = REFERENCED[field] as (typeof REFERENCED)[string];
  const chosen = typeof value === 'string' ? value : '';
  const ownId = useId();
  const inputId = id ?? `${ownId}-find`;
  const input = useRef<HTMLInputElement>(null);
  // Answers arrive after later edits: they go through the latest onChange, and only the last search counts.
  const latestOnChange = useRef(onChange);
  useEffect(() => {
    latestOnChange.current = onChange;
  });
  const searchNo = useRef(0);
  useEffect(() => () => void (searchNo.current = -1), []);
  const [query, setQuery] = useState('');
  const [problem, setProblem] = useState('');
  const [search, setSearch] = useState<Search | null>(null);
  /** Names by id: those found, and the chosen one looked up (null: no such live record). */
  const [names, setNames] = useState<Record<string, string | null>>({});
  const [lookupError, setLookupError] = useState<{ id: string; message: string } | null>(null);
  const [lookups, setLookups] = useState(0);
  const name = chosen ? names[chosen] : undefined;
  const failed = lookupError?.id === chosen ? lookupError.message : '';

  useEffect(() => {
    if (!chosen || chosen in names) return;
    let current = true;
    recordName(collection, chosen)
      .then((n) => current && setNames((m) => ({ ...m, [chosen]: n })))
      .catch((err: Error) => current && setLookupError({ id: chosen, message: err.message }));
    return () => {
      current = false;
    };
  }, [collection, chosen, names, lookups]);

  const find = async () => {
    const no = ++searchNo.current;
    const error = searchTextError(query);
    setProblem(error);
    setSearch(null);
    if (error) return;
    try {
      const found = await findRecords(collection, query);
      if (no !== searchNo.current) return;
      setNames((m) => ({ ...m, ...Object.fromEntries(found.map((c) => [c.id, c.label])) }));
      setSearch({ found, news: foundNews(collection, query, found, label) });
      if (found[0]) latestOnChange.current(found[0].id);
    } catch (err) {
      if (no === searchNo.current) setProblem(`Not searched: ${(err as Error).message}`);
    }
  };

  // The list and its news belong to the value they chose; another value (undo, a row removed above) hides them.
  const shown = search && (search.found.length === 0 || search.found.some((c) => c.id === chosen)) ? search : null;
  const describe = `${ownId}-chosen`;
  return (
    <div role="group" aria-label={label} className="flex flex-col gap-1">
      <p id={describe} className="min-h-target py-2">
        {!chosen
          ? `No ${noun} chosen`
          : failed
            ? `Could not look up the ${noun}: ${failed}`
            : name === undefined
              ? `Looking up the ${noun}…`
              : name === null
                ? `Not a current ${noun} of this organization (${chosen})`
                : `Chosen ${noun}: ${name}`}
      </p>
      {failed ? (
        <button
          type="button"
          className={buttonClass}
          aria-label={`Try again to look up the ${noun} of ${label}`}
          onClick={() => {
            setLookupError(null);
            setLookups((n) => n + 1);
          }}
        >
          Try again
        </button>
      ) : null}
      <label htmlFor={inputId} className="text-sm font-medium">
        Find a {noun} by name
      </label>
      <div className="flex gap-1">
        <input
          ref={input}
          id={inputId}
          className={inputClass}
          aria-label={`Find a ${noun} by name for ${label}`}
          value={query}
          maxLength={200}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describe}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void find();
            }
          }}
        />
        <button type="button" className={buttonClass} aria-label={`Find ${noun} for ${label}`} onClick={() => void find()}>
          Find
        </button>
      </div>
      {/* Read out when it appears: a refused search or its result. */}
      <p role="status" className={problem ? 'text-danger' : undefined}>
        {problem || shown?.news || ''}
      </p>
      {shown && shown.found.length > 1 ? (
        <select aria-label={`${label}: ${plural} found`} className={inputClass} value={chosen} onChange={(e) => latestOnChange.current(e.target.value || null)}>
          {shown.found.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      ) : null}
      {chosen ? (
        <button
          type="button"
          className={buttonClass}
          aria-label={`Clear ${label}`}
          onClick={() => {
            onChange(null);
            setSearch(null);
            // The button goes with the value: focus moves to the search, where a new one is found.
            focusAfterRender(() => input.current);
          }}
        >
          Clear
        </button>
      ) : null}
    </div>
  );
}
