'use client';

import { useState, type FormEvent } from 'react';
import { getJson, IP_NOT_ALLOWED_MESSAGE, pathForStage, signInWithPassword, type Me, hardNavigate } from '@/components/auth/api';
import { Field, FormMessage } from '@/components/auth/field';
import { SecretForm, SubmitButton } from '@/components/auth/secret-form';

/** What the no-JavaScript sign-in (app/api/auth/sign-in) and page refusals send back as `?error=`. */
const ERROR_MESSAGES: Record<string, string> = {
  credentials: 'That email and password do not match an active account.',
  locked: 'Too many failed attempts. Wait a few minutes and try again.',
  ip_not_allowed: IP_NOT_ALLOWED_MESSAGE,
};

/**
 * Email and password; paste is allowed everywhere (WCAG 3.3.8). Works before hydration and
 * without JavaScript: the form POSTs to /api/auth/sign-in, never puts the password in a URL.
 */
export function SignInForm({ error, next }: { error?: string; next?: string }) {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setMessage(undefined);
    const result = await signInWithPassword(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
    if (!result.ok) {
      setBusy(false);
      setMessage(result.message);
      return;
    }
    const me = await getJson<Me>('/api/auth/me');
    // A full navigation: the CRM shell starts fresh for the signed-in user.
    hardNavigate(me.data ? pathForStage(me.data.stage, next ?? '/today') : '/today');
  }

  return (
    <SecretForm action="/api/auth/sign-in" worksWithoutJs onSubmit={onSubmit}>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field id="email" name="email" label="Email" type="email" autoComplete="username" required />
      <Field id="password" name="password" label="Password" type="password" autoComplete="current-password" required />
      <FormMessage message={message ?? (error ? ERROR_MESSAGES[error] : undefined)} />
      <SubmitButton busy={busy} busyLabel="Signing in…">
        Sign in
      </SubmitButton>
    </SecretForm>
  );
}
