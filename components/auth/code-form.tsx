'use client';

import { useState, type FormEvent } from 'react';
import { safeNextPath } from '@/lib/auth/safe-next-path';
import { hardNavigate, sendJson } from './api';
import { Field, FormMessage } from './field';
import { SecretForm, SubmitButton } from './secret-form';

/**
 * The code field: `autocomplete="one-time-code"` so phones and password managers offer the
 * code, paste allowed, digits with spaces accepted (WCAG 3.3.8/3.3.9: no memorising or
 * transcribing test without help). Goes to `next` (or the `next` query) on success.
 */
export function CodeForm({
  endpoint,
  submitLabel,
  acceptsRecovery = false,
  onSuccess,
}: {
  endpoint: string;
  submitLabel: string;
  acceptsRecovery?: boolean;
  onSuccess?: (data: unknown) => void;
}) {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    setBusy(true);
    setMessage(undefined);
    const res = await sendJson(endpoint, { code });
    setBusy(false);
    if (!res.ok) {
      setMessage(res.message);
      return;
    }
    if (onSuccess) onSuccess(res.data);
    else hardNavigate(safeNext());
  }

  return (
    <SecretForm onSubmit={onSubmit}>
      <Field
        id="code"
        name="code"
        label={acceptsRecovery ? 'Code' : '6-digit code'}
        hint={acceptsRecovery ? 'The 6-digit code from your app, or a recovery code like ABCD-EFGH-JKMN.' : 'The 6-digit code your app shows now.'}
        autoComplete="one-time-code"
        inputMode={acceptsRecovery ? 'text' : 'numeric'}
        autoCapitalize="characters"
        spellCheck={false}
        required
      />
      <FormMessage message={message} />
      <SubmitButton busy={busy} busyLabel="Checking…">
        {submitLabel}
      </SubmitButton>
    </SecretForm>
  );
}

function safeNext(): string {
  return safeNextPath(new URLSearchParams(location.search).get('next'));
}
