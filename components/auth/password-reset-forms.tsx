'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { PASSWORD_HINT } from './create-organization-form';
import { sendJson } from './api';
import { Field, FormMessage } from './field';
import { MailedLinkRequestForm } from './mailed-link-request-form';
import { SecretForm, SubmitButton } from './secret-form';

const linkClass = 'inline-flex min-h-target items-center text-link underline';

/**
 * Step 1 of a password reset: the email address only. The server answers the same for every
 * address (lib/auth/password-reset.ts). `devOutbox`: mail stays on this server (/dev/mail).
 */
export function RequestPasswordResetForm({ devOutbox }: { devOutbox: boolean }) {
  return (
    <MailedLinkRequestForm
      endpoint="/api/auth/password-reset"
      hint="The address you sign in with. We send a link to it."
      submitLabel="Email me a reset link"
      devOutbox={devOutbox}
      sent={(to, message) => (
        <>
          <p className="font-semibold">{message ?? 'Check your email.'}</p>
          <p>We wrote to {to}. Nothing arrived after a few minutes? Look in the spam folder, or ask again.</p>
        </>
      )}
    />
  );
}

/** Step 2, from the mailed link: the new password. Every session of the account ends. */
export function ChoosePasswordForm({ token, email }: { token: string; email: string }) {
  const [message, setMessage] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get('password') ?? '');
    setBusy(true);
    setMessage(undefined);
    const res = await sendJson<{ message: string }>('/api/auth/password-reset/complete', { token, password });
    setBusy(false);
    if (!res.ok) {
      setMessage(res.message);
      return;
    }
    setDone(res.data?.message ?? 'Your password is changed. Sign in with the new password.');
  }

  if (done) {
    return (
      <div role="status" className="flex flex-col gap-2">
        <p className="font-semibold">{done}</p>
        <Link href="/sign-in" className={linkClass}>
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <SecretForm onSubmit={onSubmit}>
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field id="password" name="password" label="New password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} required />
      <FormMessage message={message} />
      <SubmitButton busy={busy} busyLabel="Saving…">
        Save new password
      </SubmitButton>
    </SecretForm>
  );
}
