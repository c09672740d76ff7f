'use client';

import { useState } from 'react';
import { api, type ApiError } from './api';
import { buttonClass } from './fields-ui';

/** Archives (off, out of the list, runs kept) or restores (back in the list, still off) a workflow. */
export function setArchived(workflowId: string, archived: boolean): Promise<{ archived: boolean; enabled: boolean }> {
  return api(`/api/workflows/${workflowId}/archived`, { method: 'PUT', body: { archived } });
}

/**
 * "Archive workflow" in the builder, or "Restore workflow" once archived; `onChanged` gets a
 * sentence for the live region. Reversible, so no confirmation step.
 */
export function ArchiveButton({ workflowId, name, archived, onChanged }: { workflowId: string; name: string; archived: boolean; onChanged: (archived: boolean, message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  return (
    <div className="flex flex-col">
      <button
        type="button"
        className={buttonClass}
        // Not `disabled` while the request runs: a disabled button drops keyboard focus.
        aria-disabled={busy || undefined}
        onClick={() => {
          if (busy) return;
          setBusy(true);
          setError('');
          setArchived(workflowId, !archived)
            .then((r) =>
              onChanged(
                r.archived,
                r.archived ? `Archived ${name}: it is off and out of the list; its runs are kept.` : `Restored ${name}: it is back in the list, still off.`,
              ),
            )
            .catch((err: ApiError) => setError(`Not changed: ${err.message}`))
            .finally(() => setBusy(false));
        }}
      >
        {archived ? 'Restore workflow' : 'Archive workflow'}
      </button>
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
