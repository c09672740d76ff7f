'use client';

import { useState, type FormEvent } from 'react';
import { sendJson } from './api';
import { Field, FormMessage } from './field';
import { SecretForm, SubmitButton } from './secret-form';

export const PASSWORD_HINT = 'At least 8 characters; 15 or more is better. A phrase of several words works well. Very common passwords are refused.';

/**
 * Step 1 of a new organization: the email address only. The server answers the same for every
 * address and mails a link (lib/tenancy/create-organization.ts), so this form never learns
 * whether the address has an account. `devOutbox`: mail stays on this server (/dev/mail).
 */
export function RequestOrganizationForm({ devOutbox }: { devOutbox: boolean }) {
  const [message, setMessage] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    setMessage(undefined);
    const res = await sendJson<{ message: string }>('/api/organizations', { email });
    setBusy(false);
    if (!res.ok) {
      setMessage(res.message);
      return;
    }
    setSentTo(email);
  }

  if (sentTo) {
    return (
      <div role="status" className="flex flex-col gap-2">
        <p className="font-semibold">Check your email: we sent a link to {sentTo}. It works once, for 24 hours.</p>
        <p>Open it on this device to name your organization. If the address already has an account, the mail tells you how to add the organization to it.</p>
        {devOutbox ? (
          <p>
            This server sends no real mail (development outbox):{' '}
            <a href={`/dev/mail?to=${encodeURIComponent(sentTo)}`} className="inline-flex min-h-target items-center text-link underline">
              open the mail sent to {sentTo}
            </a>
          </p>
        ) : null}
      </div>
    );
  }
  return (
    // No secret here, but a GET would still put the address in the URL: SecretForm always POSTs.
    <SecretForm onSubmit={onSubmit}>
      <Field id="email" name="email" label="Email" type="email" autoComplete="email" hint="We send a link to this address to continue." required />
      <FormMessage message={message} />
      <SubmitButton busy={busy} busyLabel="Sending…">
        Email me a link
      </SubmitButton>
    </SecretForm>
  );
}
