'use client';
import { useState, useSyncExternalStore } from 'react';
import { ApiError, api } from './api';
import { Field, buttonClass, inputClass } from './fields-ui';

const noSubscribe = () => () => undefined;

/**
 * Incoming-webhook trigger settings: the hook's URL, how to sign a request, and a button that
 * makes a signing secret (shown once; the server keeps it encrypted).
 */
export function HookSettings({ workflowId, secretSet, published }: { workflowId: string; secretSet: boolean; published: boolean }) {
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => '');
  const [secret, setSecret] = useState('');
  const [hasSecret, setHasSecret] = useState(secretSet);
  const [status, setStatus] = useState('');
  const url = `${origin}/api/hooks/workflows/${workflowId}`;

  async function makeSecret() {
    if (hasSecret && !window.confirm('Replace the signing secret? Senders using the old one will be refused.')) return;
    setStatus('Creating a signing secret…');
    try {
      const r = await api<{ secret: string }>(`/api/workflows/${workflowId}/hook-secret`, { method: 'POST' });
      setSecret(r.secret);
      setHasSecret(true);
      setStatus('Signing secret created. Copy it now: it is shown only once.');
    } catch (err) {
      setStatus(err instanceof ApiError ? err.message : 'Could not create the signing secret.');
    }
  }

  return (
    <div className="mb-3 space-y-2">
      <Field label="Webhook URL" hint={published ? 'Send POST requests here.' : 'Publish the workflow first: until then the URL answers 404.'}>
        {(id, d) => <input id={id} aria-describedby={d} className={inputClass} readOnly value={url} />}
      </Field>
      <p>
        Sign each request: header <code>x-crm-signature: t=&lt;unix seconds&gt;,v1=&lt;lowercase hex HMAC-SHA256 of &quot;t.body&quot;&gt;</code> (exactly this form) with
        the signing secret. The body is one JSON object (at most 64 KB), sent as <code>application/json</code>; requests older than
        5 minutes or sent twice are refused.
      </p>
      <p>{hasSecret ? 'A signing secret is set.' : 'No signing secret yet: the webhook refuses every request until you create one.'}</p>
      <button type="button" className={buttonClass} onClick={() => void makeSecret()}>
        {hasSecret ? 'Replace signing secret' : 'Create signing secret'}
      </button>
      {secret ? (
        <Field label="Signing secret (shown once)">{(id) => <input id={id} className={inputClass} readOnly value={secret} />}</Field>
      ) : null}
      <p role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
