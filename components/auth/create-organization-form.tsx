'use client';

import { useState, type FormEvent } from 'react';
import { getJson, pathForStage, sendJson, signInWithPassword, type Me, hardNavigate } from './api';
import { buttonClass, Field, FormMessage } from './field';

export const PASSWORD_HINT = 'At least 8 characters; 15 or more is better. A phrase of several words works well. Very common passwords are refused.';

/** New organization + owner account, then straight into sign-in and 2FA enrollment. */
export function CreateOrganizationForm() {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = Object.fromEntries(['organizationName', 'name', 'email', 'password'].map((k) => [k, String(f.get(k) ?? '')]));
    setBusy(true);
    setMessage(undefined);
    const res = await sendJson('/api/organizations', body);
    if (!res.ok) {
      setBusy(false);
      setMessage(res.message);
      return;
    }
    const signedIn = await signInWithPassword(body.email as string, body.password as string);
    if (!signedIn.ok) {
      hardNavigate('/sign-in');
      return;
    }
    const me = await getJson<Me>('/api/auth/me');
    hardNavigate(me.data ? pathForStage(me.data.stage) : '/enroll');
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field id="organizationName" name="organizationName" label="Organization name" autoComplete="organization" required />
      <Field id="name" name="name" label="Your name" autoComplete="name" required />
      <Field id="email" name="email" label="Email" type="email" autoComplete="email" required />
      <Field id="password" name="password" label="Password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} required />
      <FormMessage message={message} />
      <button type="submit" className={buttonClass} disabled={busy}>
        {busy ? 'Creating…' : 'Create organization'}
      </button>
    </form>
  );
}
