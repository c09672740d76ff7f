'use client';
import { useCallback, useEffect, useState } from 'react';
import { api } from './api';
import { Field, buttonClass, inputClass } from './fields-ui';
import { formatUtc } from '@/lib/design/dates';
import { runNews } from './run-news';

type Run = { id: string; version: number; status: string; error: string | null; createdAt: string; finishedAt: string | null; currentStep: string | null; wakeAt: string | null };
type Step = { seq: number; stepId: string; stepType: string; attempt: number; status: string; input: unknown; output: unknown; decision: string | null; error: string | null; startedAt: string; finishedAt: string };

const STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];
/** How often the open history is read again (ms). */
const LIVE_MS = 5_000;

/** Run history of one workflow, kept up to date while open: filter by status, open a run's steps, cancel or retry. */
export function RunHistory({ workflowId }: { workflowId: string }) {
  const [status, setStatus] = useState('');
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [open, setOpen] = useState<Record<string, Step[]>>({});
  const [message, setMessage] = useState('');
  const load = useCallback(async () => {
    try {
      const r = await api<{ runs: Run[] }>(`/api/workflows/${workflowId}/runs${status ? `?status=${status}` : ''}`);
      setRuns(r.runs);
    } catch (err) {
      setMessage((err as Error).message);
    }
  }, [workflowId, status]);
  useEffect(() => {
    let live = true;
    let last: Run[] | null = null;
    const url = `/api/workflows/${workflowId}/runs${status ? `?status=${status}` : ''}`;
    const read = async () => {
      const r = await api<{ runs: Run[] }>(url);
      if (!live) return;
      const news = runNews(last, r.runs);
      last = r.runs;
      setRuns(r.runs);
      if (news) setMessage(news);
    };
    read().catch((err: Error) => live && setMessage(err.message));
    // Live while the page is in view: runs start and finish on the server's workers.
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') read().catch(() => undefined);
    }, LIVE_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [workflowId, status]);

  const act = async (runId: string, action: 'cancel' | 'retry') => {
    try {
      await api(`/api/workflows/runs/${runId}/${action}`, { method: 'POST' });
      setMessage(action === 'cancel' ? 'Run cancelled' : 'Run queued again');
      await load();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const toggle = async (runId: string) => {
    if (open[runId]) {
      const { [runId]: _gone, ...rest } = open;
      setOpen(rest);
      return;
    }
    const r = await api<{ run: { steps: Step[] } }>(`/api/workflows/runs/${runId}`);
    setOpen({ ...open, [runId]: r.run.steps });
  };

  return (
    <section aria-labelledby="runs-heading" className="rounded border border-border p-3">
      <h2 id="runs-heading" className="mb-2 text-xl font-semibold">
        Run history
      </h2>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Status">
          {(id) => (
            <select id={id} className={inputClass} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">all</option>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className={`${buttonClass} mb-3`} onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <p role="status" aria-live="polite">
        {message}
      </p>
      {runs && runs.length === 0 ? <p>No runs{status ? ` with status ${status}` : ''} yet.</p> : null}
      <ol className="space-y-2">
        {runs?.map((run) => (
          <li key={run.id} className="rounded border border-border p-2">
            <p>
              <span className="font-semibold">{run.status}</span> — version {run.version}, started {formatUtc(run.createdAt)}
              {run.wakeAt ? `, resumes ${formatUtc(run.wakeAt)}` : ''}
              {run.error ? <span className="block text-danger">Error: {run.error}</span> : null}
            </p>
            <p className="text-sm text-muted">Run id {run.id}</p>
            <div className="mt-1 flex flex-wrap gap-2">
              <button type="button" className={buttonClass} aria-expanded={!!open[run.id]} onClick={() => void toggle(run.id)}>
                {open[run.id] ? 'Hide steps' : 'Show steps'}
              </button>
              {['queued', 'running', 'waiting'].includes(run.status) ? (
                <button type="button" className={buttonClass} onClick={() => void act(run.id, 'cancel')}>
                  Cancel run
                </button>
              ) : null}
              {run.status === 'failed' ? (
                <button type="button" className={buttonClass} onClick={() => void act(run.id, 'retry')}>
                  Retry run
                </button>
              ) : null}
            </div>
            {open[run.id] ? (
              <table className="mt-2 w-full text-left text-sm">
                <caption className="sr-only">Steps of run {run.id}</caption>
                <thead>
                  <tr>
                    <th scope="col">Step</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempt</th>
                    <th scope="col">Decision</th>
                    <th scope="col">Took</th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {open[run.id]?.map((s) => (
                    <tr key={s.seq}>
                      <th scope="row">{s.stepId}</th>
                      <td>{s.status}</td>
                      <td>{s.attempt}</td>
                      <td>{s.decision ?? ''}</td>
                      <td>{Math.max(0, Date.parse(s.finishedAt) - Date.parse(s.startedAt))} ms</td>
                      <td>{s.error ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
