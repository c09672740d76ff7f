'use client';

import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { getJson, IP_NOT_ALLOWED_MESSAGE, pathForStage, signInWithPassword, type Me, hardNavigate } from '@/components/auth/api';
import { buttonClass, Field, FormMessage } from '@/components/auth/field';

const noSubscription = () => () => undefined;

/** Email and password; paste is allowed everywhere (WCAG 3.3.8). */
export function SignInForm() {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  // A page refused by the IP allowlist sends people here with the reason (lib/auth/page-session.ts).
  // Read after hydration (the server render has no URL): no mismatch, no effect.
  const ipRefused = useSyncExternalStore(
    noSubscription,
    () => new URLSearchParams(location.search).get('error') === 'ip_not_allowed',
    () => false,
  );

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
    const next = new URLSearchParams(location.search).get('next') ?? '/today';
    // A full navigation: the CRM shell starts fresh for the signed-in user.
    hardNavigate(me.data ? pathForStage(me.data.stage, next) : '/today');
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field id="email" name="email" label="Email" type="email" autoComplete="username" required />
      <Field id="password" name="password" label="Password" type="password" autoComplete="current-password" required />
      <FormMessage message={message ?? (ipRefused ? IP_NOT_ALLOWED_MESSAGE : undefined)} />
      <button type="submit" className={buttonClass} disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
