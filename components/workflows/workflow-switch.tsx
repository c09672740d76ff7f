'use client';

import { useState } from 'react';
import { Checkbox } from '@/components/ui/checkbox';
import { api, type ApiError } from './api';

/**
 * Turns a workflow on or off, saying plainly what off means: no new runs start (record
 * changes, schedules, webhooks and manual runs are refused); runs already started finish, and
 * each can be cancelled in the run history. `onChanged` gets a sentence for the live region.
 */
export function WorkflowSwitch({ workflowId, enabled, onChanged }: { workflowId: string; enabled: boolean; onChanged: (enabled: boolean, message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  return (
    <div className="flex flex-col">
      <Checkbox
        isSelected={enabled}
        // Read-only, not disabled, while saving: a disabled control drops keyboard focus.
        isReadOnly={busy}
        aria-describedby={`switch-hint-${workflowId}`}
        onChange={(next) => {
          setBusy(true);
          setError('');
          api<{ enabled: boolean }>(`/api/workflows/${workflowId}/enabled`, { method: 'PUT', body: { enabled: next } })
            .then((r) => onChanged(r.enabled, r.enabled ? 'Workflow turned on: new runs start when it is triggered.' : 'Workflow turned off: no new runs start; runs already started finish.'))
            .catch((err: ApiError) => setError(`Not changed: ${err.message}`))
            .finally(() => setBusy(false));
        }}
      >
        Workflow on
      </Checkbox>
      <span id={`switch-hint-${workflowId}`} className="text-sm text-muted">
        {enabled ? 'New runs start when it is triggered.' : 'Off: no new runs start; runs already started finish.'}
      </span>
      {error ? (
        <p role="alert" className="text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
