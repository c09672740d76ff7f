'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api';
import { Field, buttonClass, inputClass } from './fields-ui';
import { formatUtc } from '@/lib/design/dates';
import { runNews } from './run-news';
import { focusAfterRender } from '@/components/ui/focus-after-render';

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
  const heading = useRef<HTMLHeadingElement>(null);
  /** Live updates (WCAG 2.2.2, 2.2.4): the person can stop them, and their announcements. */
  const [live, setLive] = useState(true);
  /** The runs as last read, by any read: news is what changed since. */
  const last = useRef<Run[] | null>(null);
  const url = `/api/workflows/${workflowId}/runs${status ? `?status=${status}` : ''}`;
  const show = useCallback((next: Run[], announce: boolean) => {
    const news = announce ? runNews(last.current, next) : '';
    last.current = next;
    setRuns(next);
    // Cleared first, so the same news twice in a row is read out twice.
    if (news) {
      setMessage('');
      requestAnimationFrame(() => setMessage(news));
    }
  }, []);
  const load = useCallback(async () => {
    try {
      show((await api<{ runs: Run[] }>(url)).runs, false);
    } catch (err) {
      setMessage((err as Error).message);
    }
  }, [url, show]);
  useEffect(() => {
    let on = true;
    last.current = null;
    api<{ runs: Run[] }>(url)
      .then((r) => on && show(r.runs, false))
      .catch((err: Error) => on && setMessage(err.message));
    return () => {
      on = false;
    };
  }, [url, show]);
  useEffect(() => {
    if (!live) return;
    let on = true;
    let reading = false;
    // While the page is in view: runs start and finish on the server's workers. One read at a time.
    const timer = setInterval(() => {
      if (reading || document.visibilityState !== 'visible') return;
      reading = true;
      api<{ runs: Run[] }>(url)
        .then((r) => on && show(r.runs, true))
        .catch(() => undefined)
        .finally(() => (reading = false));
    }, LIVE_MS);
    return () => {
      on = false;
      clearInterval(timer);
    };
  }, [url, show, live]);

  const act = async (runId: string, action: 'cancel' | 'retry', item: HTMLElement | null) => {
    try {
      await api(`/api/workflows/runs/${runId}/${action}`, { method: 'POST' });
      setMessage(action === 'cancel' ? 'Run cancelled' : 'Run queued again');
      await load();
      // The pressed button is gone with the run's new status: focus stays in the run, on its first
      // button, or on the history's heading when the run left a list filtered by status.
      focusAfterRender(() => (item?.isConnected ? item.querySelector<HTMLElement>('button') : heading.current));
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
      <h2 id="runs-heading" ref={heading} tabIndex={-1} className="mb-2 text-xl font-semibold outline-none">
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
        <button type="button" className={`${buttonClass} mb-3`} aria-pressed={live} onClick={() => setLive(!live)}>
          Live updates
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
                <button type="button" className={buttonClass} onClick={(e) => void act(run.id, 'cancel', e.currentTarget.closest('li'))}>
                  Cancel run
                </button>
              ) : null}
              {run.status === 'failed' ? (
                <button type="button" className={buttonClass} onClick={(e) => void act(run.id, 'retry', e.currentTarget.closest('li'))}>
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
