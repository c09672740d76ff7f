'use client';
import { useId, useState } from 'react';
import type { Collection } from '@/lib/workflows/record-fields';
import { api } from './api';
import { findRecords, foundNews, searchTextError, type FoundRecord } from './record-search';
import { Field, buttonClass, inputClass } from './fields-ui';

type DryStep = { stepId: string; name: string; type: string; input: unknown; decision?: string; output: unknown };
type DryResult = { triggerMatched: boolean | null; steps: DryStep[]; ended: string };

/** Test run of the draft (dry run): each step's input, decision and output, no side effects. */
export function TestRun({ workflowId, collection, beforeRun }: { workflowId: string; collection: Collection | undefined; beforeRun: () => Promise<void> }) {
  const [recordId, setRecordId] = useState('');
  const [query, setQuery] = useState('');
  const [queryError, setQueryError] = useState('');
  const errorId = useId();
  const [found, setFound] = useState<FoundRecord[] | null>(null);
  /** Said once per search, from the text searched (not the text typed since). */
  const [searchNews, setSearchNews] = useState('');
  const find = async () => {
    if (!collection) return;
    setError('');
    // The server's own rule (2 to 200 characters), said beside the field before asking.
    const problem = searchTextError(query);
    setQueryError(problem);
    if (problem) return;
    try {
      const choices = await findRecords(collection, query);
      setFound(choices);
      setRecordId(choices[0]?.id ?? '');
      setSearchNews(foundNews(collection, query, choices, 'Record to test with'));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const [replayRunId, setReplayRunId] = useState('');
  const [result, setResult] = useState<DryResult | null>(null);
  const [error, setError] = useState('');
  const run = async () => {
    setError('');
    setResult(null);
    try {
      await beforeRun();
      const body = replayRunId ? { replayRunId } : recordId ? { recordId } : {};
      const r = await api<{ result: DryResult }>(`/api/workflows/${workflowId}/dry-run`, { method: 'POST', body });
      setResult(r.result);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section aria-labelledby="test-heading" className="rounded border border-border p-3">
      <h2 id="test-heading" className="mb-2 text-xl font-semibold">
        Test run (nothing is changed or sent)
      </h2>
      {collection ? (
        <>
          {/* Found by name (the organization's records, online), not typed as an id. */}
          <div className="flex flex-wrap items-end gap-2">
            <Field label={`Find a ${collection} record by name`}>
              {(id) => (
                <input
                  id={id}
                  className={inputClass}
                  value={query}
                  maxLength={200}
                  aria-invalid={queryError ? true : undefined}
                  aria-describedby={queryError ? errorId : undefined}
                  onChange={(e) => setQuery(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void find();
                    }
                  }}
                />
              )}
            </Field>
            <button type="button" className={`${buttonClass} mb-3`} onClick={() => void find()}>
              Find
            </button>
          </div>
          {queryError ? (
            <p id={errorId} className="text-danger">
              {queryError}
            </p>
          ) : null}
          <p role="status">{searchNews}</p>
          {found ? (
            found.length === 0 ? null : (
              <Field label="Record to test with">
                {(id) => (
                  <select id={id} className={inputClass} value={recordId} onChange={(e) => setRecordId(e.target.value)}>
                    {found.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )
          ) : null}
          <Field label={`Or the record's id`}>
            {(id) => (
              <input
                id={id}
                className={inputClass}
                value={recordId}
                onChange={(e) => {
                  // A typed id replaces the list: the select must never show another record than the one tested.
                  setFound(null);
                  setSearchNews('');
                  setRecordId(e.target.value.trim());
                }}
              />
            )}
          </Field>
        </>
      ) : null}
      <Field label="Or replay the trigger of a past run (run id)">{(id) => <input id={id} className={inputClass} value={replayRunId} onChange={(e) => setReplayRunId(e.target.value.trim())} />}</Field>
      <button type="button" className={buttonClass} onClick={run}>
        Run test
      </button>
      <div aria-live="polite">
        {error ? <p role="alert" className="mt-2 text-danger">{error}</p> : null}
        {result ? (
          <div className="mt-2">
            <p>
              {result.triggerMatched === null ? 'The trigger has no filter.' : result.triggerMatched ? 'The trigger filter matches this record.' : 'The trigger filter does NOT match this record (a real change would not start a run).'}{' '}
              The run would end: {result.ended}.
            </p>
            <ol className="mt-2 space-y-2">
              {result.steps.map((s, i) => (
                <li key={`${s.stepId}-${i}`} className="rounded border border-border p-2">
                  <h3 className="font-semibold">
                    {i + 1}. {s.name} {s.decision ? `— decision: ${s.decision}` : ''}
                  </h3>
                  <details>
                    <summary className="min-h-target cursor-pointer py-2">Input and output</summary>
                    <pre className="overflow-auto whitespace-pre-wrap text-sm">{JSON.stringify({ input: s.input, output: s.output }, null, 2)}</pre>
                  </details>
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </div>
    </section>
  );
}
