'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api } from './api';
import { Field, buttonClass, inputClass, primaryButtonClass } from './fields-ui';
import { setArchived } from './workflow-archive';

type Summary = { id: string; name: string; publishedVersion: number | null; enabled: boolean; issues: unknown[]; updatedAt: string; archivedAt: string | null };

/** The tenant's workflows, a form to start a new one, and the archived ones to restore. */
export function WorkflowList() {
  const router = useRouter();
  const [all, setItems] = useState<Summary[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const items = all?.filter((w) => !w.archivedAt) ?? null;
  const archived = all?.filter((w) => w.archivedAt) ?? [];
  const restore = (w: Summary) =>
    setArchived(w.id, false)
      .then(() => {
        setItems((list) => list?.map((x) => (x.id === w.id ? { ...x, archivedAt: null, enabled: false } : x)) ?? null);
        setMessage(`Restored ${w.name}: it is back in the list, still off.`);
      })
      .catch((err: Error) => setError(err.message));
  useEffect(() => {
    api<{ workflows: Summary[] }>('/api/workflows')
      .then((r) => setItems(r.workflows))
      .catch((err: Error) => setError(err.message));
  }, []);
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const { workflow } = await api<{ workflow: Summary }>('/api/workflows', { method: 'POST', body: { name } });
            router.push(`/admin/workflows/${workflow.id}`);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <Field label="New workflow name">{(id) => <input id={id} required className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <button type="submit" className={`${primaryButtonClass} mb-3`}>
          Create workflow
        </button>
      </form>
      {error ? <p role="alert" className="text-danger">{error}</p> : null}
      {items === null && !error ? <p role="status" data-loading="">Loading workflows…</p> : null}
      <p role="status" className="sr-only">
        {message}
      </p>
      {items && items.length === 0 ? <p>No workflows yet.</p> : null}
      {items && items.length > 0 ? (
        <table className="w-full text-left">
          <caption className="sr-only">Workflows</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Live version</th>
              <th scope="col">Draft</th>
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id}>
                <th scope="row">
                  <Link className="inline-flex min-h-target items-center text-link underline" href={`/admin/workflows/${w.id}`}>
                    {w.name}
                  </Link>
                </th>
                <td>{w.publishedVersion ? `version ${w.publishedVersion}, ${w.enabled ? 'on' : 'off'}` : `not published${w.enabled ? '' : ', off'}`}</td>
                <td>{w.issues.length === 0 ? 'ready' : `${w.issues.length} problems`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {archived.length > 0 ? (
        <section aria-labelledby="archived-heading">
          <h2 id="archived-heading" className="text-xl font-semibold">
            Archived workflows ({archived.length})
          </h2>
          <p className="text-muted">Off for good, with their run history kept. Restored ones come back to the list, still off.</p>
          <ul className="mt-2 space-y-2">
            {archived.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center gap-3">
                <Link className="inline-flex min-h-target items-center text-link underline" href={`/admin/workflows/${w.id}`}>
                  {w.name}
                </Link>
                <button type="button" className={buttonClass} onClick={() => void restore(w)}>
                  Restore<span className="sr-only"> {w.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
