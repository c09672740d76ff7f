'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api } from './api';
import { Field, inputClass, primaryButtonClass } from './fields-ui';

type Summary = { id: string; name: string; publishedVersion: number | null; enabled: boolean; issues: unknown[]; updatedAt: string };

/** The tenant's workflows and a form to start a new one. */
export function WorkflowList() {
  const router = useRouter();
  const [items, setItems] = useState<Summary[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
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
    </div>
  );
}
