'use client';

import { useState, type FormEvent } from 'react';
import { sendJson } from './api';
import { PASSWORD_HINT } from './create-organization-form';
import { buttonClass, Field, FormMessage } from './field';
import { SecretForm, SubmitButton } from './secret-form';

/** Accepts an invite: a new person sets name and password; an existing account (signed in as itself) just joins. */
export function AcceptInviteForm({ token, existingUser, email }: { token: string; existingUser: boolean; email: string }) {
  const [message, setMessage] = useState<string>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setMessage(undefined);
    const body = existingUser ? { token } : { token, name: String(f.get('name') ?? ''), password: String(f.get('password') ?? '') };
    const res = await sendJson('/api/invites/accept', body);
    setBusy(false);
    if (res.ok) setDone(true);
    else setMessage(res.message);
  }

  if (done && existingUser) {
    return (
      <div role="status" className="flex flex-col gap-2">
        <p className="font-semibold">You have joined. Choose the organization in the account menu to work in it.</p>
        <a href="/today" className={`${buttonClass} inline-flex items-center justify-center`}>
          Go to Today
        </a>
      </div>
    );
  }
  if (done) {
    return (
      <div role="status" className="flex flex-col gap-2">
        <p className="font-semibold">You have joined. Sign in with {email} to start.</p>
        <a href="/sign-in" className={`${buttonClass} inline-flex items-center justify-center`}>
          Sign in
        </a>
      </div>
    );
  }
  return (
    <SecretForm onSubmit={onSubmit}>
      {existingUser ? (
        <p>You are signed in as {email}: accepting adds this organization to your account.</p>
      ) : (
        <>
          <Field id="name" name="name" label="Your name" autoComplete="name" required />
          <Field id="password" name="password" label="Choose a password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} required />
        </>
      )}
      <FormMessage message={message} />
      <SubmitButton busy={busy}>Accept invitation</SubmitButton>
    </SecretForm>
  );
}
