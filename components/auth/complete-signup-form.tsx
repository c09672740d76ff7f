'use client';

import { useState, type FormEvent } from 'react';
import { PASSWORD_HINT } from './create-organization-form';
import { getJson, hardNavigate, pathForStage, sendJson, type Me } from './api';
import { Field, FormMessage } from './field';
import { SecretForm, SubmitButton } from './secret-form';

/**
 * Step 2, from the mailed link: the organization's name and, for a new person, their name and
 * password. The server starts the session in the new organization; owners then enroll 2FA.
 */
export function CompleteSignupForm({ token, newAccount }: { token: string; newAccount: boolean }) {
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '');
    setBusy(true);
    setMessage(undefined);
    const body = newAccount
      ? { token, organizationName: text('organizationName'), name: text('name'), password: text('password') }
      : { token, organizationName: text('organizationName') };
    const res = await sendJson('/api/organizations/complete', body);
    if (!res.ok) {
      setBusy(false);
      setMessage(res.message);
      return;
    }
    const me = await getJson<Me>('/api/auth/me');
    // A full navigation: the CRM shell starts fresh in the new organization.
    hardNavigate(me.data ? pathForStage(me.data.stage) : '/sign-in');
  }

  return (
    <SecretForm onSubmit={onSubmit}>
      <Field id="organizationName" name="organizationName" label="Organization name" autoComplete="organization" required />
      {newAccount ? (
        <>
          <Field id="name" name="name" label="Your name" autoComplete="name" required />
          <Field id="password" name="password" label="Choose a password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} required />
        </>
      ) : null}
      <FormMessage message={message} />
      <SubmitButton busy={busy} busyLabel="Creating…">
        Create organization
      </SubmitButton>
    </SecretForm>
  );
}
