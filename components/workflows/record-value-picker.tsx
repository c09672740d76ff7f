'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import type { Collection } from '@/lib/workflows/record-fields';
import { findRecords, foundNews, recordName, searchTextError, type FoundRecord } from './record-search';
import { buttonClass, inputClass } from './control-classes';

/** The record a reference field points at: `companyId` → companies. */
export const REFERENCED: Readonly<Record<string, { collection: Collection; noun: string }>> = {
  companyId: { collection: 'companies', noun: 'company' },
  contactId: { collection: 'contacts', noun: 'contact' },
  dealId: { collection: 'deals', noun: 'deal' },
};

/**
 * A value that is a record (a deal's company, an activity's deal), found by name and shown by
 * name; the workflow stores its id. Clear sets null ("no company"). An id that no longer names
 * a live record of the organization is said so, not hidden.
 */
export function RecordValuePicker({ id, field, label, value, onChange }: { id?: string; field: string; label: string; value: unknown; onChange: (v: string | null) => void }) {
  const { collection, noun } = REFERENCED[field] as { collection: Collection; noun: string };
  const chosen = typeof value === 'string' ? value : '';
  const ownId = useId();
  const inputId = id ?? `${ownId}-find`;
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [queryError, setQueryError] = useState('');
  const [found, setFound] = useState<FoundRecord[] | null>(null);
  const [news, setNews] = useState('');
  /** Names by id: those found, and the chosen one looked up (null: no such live record). */
  const [names, setNames] = useState<Record<string, string | null>>({});
  const name = chosen ? names[chosen] : undefined;

  useEffect(() => {
    if (!chosen || chosen in names) return;
    let current = true;
    recordName(collection, chosen)
      .then((n) => current && setNames((m) => ({ ...m, [chosen]: n })))
      .catch(() => current && setNames((m) => ({ ...m, [chosen]: null })));
    return () => {
      current = false;
    };
  }, [collection, chosen, names]);

  const find = async () => {
    const problem = searchTextError(query);
    setQueryError(problem);
    if (problem) return;
    try {
      const choices = await findRecords(collection, query);
      setFound(choices);
      setNames((m) => ({ ...m, ...Object.fromEntries(choices.map((c) => [c.id, c.label])) }));
      if (choices[0]) onChange(choices[0].id);
      setNews(foundNews(collection, query, choices, label));
    } catch (err) {
      setNews(`Not searched: ${(err as Error).message}`);
    }
  };

  return (
    <div role="group" aria-label={label} className="flex flex-col gap-1">
      <p className="min-h-target py-2">
        {!chosen ? `No ${noun} chosen` : name === undefined ? `Looking up the ${noun}…` : name === null ? `Not a current ${noun} of this organization (${chosen})` : `Chosen ${noun}: ${name}`}
      </p>
      <div className="flex gap-1">
        <input
          ref={input}
          id={inputId}
          className={inputClass}
          aria-label={`Find a ${noun} by name for ${label}`}
          value={query}
          maxLength={200}
          aria-invalid={queryError ? true : undefined}
          aria-describedby={queryError ? `${ownId}-error` : undefined}
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
      {queryError ? (
        <p id={`${ownId}-error`} className="text-danger">
          {queryError}
        </p>
      ) : null}
      <p role="status">{news}</p>
      {found && found.length > 1 ? (
        <select aria-label={`${label}: ${noun}s found`} className={inputClass} value={chosen} onChange={(e) => onChange(e.target.value)}>
          {found.some((c) => c.id === chosen) ? null : <option value={chosen}>{name ?? chosen}</option>}
          {found.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      ) : null}
      {chosen ? (
        <button type="button" className={buttonClass} aria-label={`Clear ${label}`} onClick={() => {
            onChange(null);
            setFound(null);
            setNews(`${label} cleared.`);
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
