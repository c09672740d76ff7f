'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { sendJson } from './api';
import { Field, FormMessage } from './field';
import { SecretForm, SubmitButton } from './secret-form';

/**
 * The first step of every flow by mailed link (sign-up, password reset): an email address
 * only, POSTed as `{ email }` to `endpoint`, whose answer is the same for every address. Once
 * sent, shows `sent` and, where mail stays on this server (`devOutbox`), a link to /dev/mail.
 */
export function MailedLinkRequestForm({
  endpoint,
  hint,
  submitLabel,
  devOutbox,
  sent,
}: {
  endpoint: string;
  hint: string;
  submitLabel: string;
  devOutbox: boolean;
  /** What to say once mailed: `to` the address typed, `message` the server's answer. */
  sent: (to: string, message: string | undefined) => ReactNode;
}) {
  const [message, setMessage] = useState<string>();
  const [done, setDone] = useState<{ to: string; message?: string }>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    setMessage(undefined);
    const res = await sendJson<{ message?: string }>(endpoint, { email });
    setBusy(false);
    if (!res.ok) {
      setMessage(res.message);
      return;
    }
    setDone({ to: email, message: res.data?.message });
  }

  if (done) {
    return (
      <div role="status" className="flex flex-col gap-2">
        {sent(done.to, done.message)}
        {devOutbox ? (
          <p>
            This server sends no real mail (development outbox):{' '}
            <a href={`/dev/mail?to=${encodeURIComponent(done.to)}`} className="inline-flex min-h-target items-center text-link underline">
              open the mail sent to {done.to}
            </a>
          </p>
        ) : null}
      </div>
    );
  }
  return (
    // No secret here, but a GET would still put the address in the URL: SecretForm always POSTs.
    <SecretForm onSubmit={onSubmit}>
      <Field id="email" name="email" label="Email" type="email" autoComplete="email" hint={hint} required />
      <FormMessage message={message} />
      <SubmitButton busy={busy} busyLabel="Sending…">
        {submitLabel}
      </SubmitButton>
    </SecretForm>
  );
}
