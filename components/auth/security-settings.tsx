'use client';

import { useState, type FormEvent } from 'react';
import { sendJson } from './api';
import { CodeForm } from './code-form';
import { PASSWORD_HINT } from './create-organization-form';
import { buttonClass, Field, FormMessage, secondaryButtonClass } from './field';
import { SecretForm, SubmitButton } from './secret-form';
import { RecoveryCodes } from './recovery-codes';

/** Password change, 2FA (set up, new recovery codes, turn off) and "sign out other devices". */
export function SecuritySettings({ enrolled, required, remainingCodes }: { enrolled: boolean; required: boolean; remainingCodes: number }) {
  const [message, setMessage] = useState<{ text: string; tone: 'danger' | 'success' }>();
  const [codes, setCodes] = useState<string[]>();

  async function changePassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const res = await sendJson('/api/auth/password', { currentPassword: String(f.get('currentPassword') ?? ''), newPassword: String(f.get('newPassword') ?? '') });
    setMessage(res.ok ? { text: 'Password changed. Your other devices were signed out.', tone: 'success' } : { text: res.message ?? 'Failed.', tone: 'danger' });
  }

  async function signOutOthers() {
    const res = await sendJson('/api/auth/sessions/revoke-others', {});
    setMessage(res.ok ? { text: 'All your other devices are signed out.', tone: 'success' } : { text: res.message ?? 'Failed.', tone: 'danger' });
  }

  return (
    <div className="flex flex-col gap-8">
      <FormMessage message={message?.text} tone={message?.tone} />
      <section aria-labelledby="tfa-heading" className="flex flex-col gap-3">
        <h2 id="tfa-heading" className="text-xl font-semibold">
          Two-factor authentication
        </h2>
        {!enrolled ? (
          <>
            <p>Off. {required ? 'Your role requires it.' : 'Turn it on to protect your account.'}</p>
            <a href="/enroll" className={`${buttonClass} inline-flex items-center justify-center self-start`}>
              Set up two-factor authentication
            </a>
          </>
        ) : (
          <>
            <p>On. {remainingCodes} unused recovery code{remainingCodes === 1 ? '' : 's'} left.</p>
            {codes ? <RecoveryCodes codes={codes} /> : null}
            <h3 className="text-lg font-semibold">New recovery codes</h3>
            <p>Enter a current code from your app; the old recovery codes stop working.</p>
            <CodeForm endpoint="/api/auth/totp/recovery-codes" submitLabel="Make new recovery codes" onSuccess={(d) => setCodes((d as { recoveryCodes: string[] }).recoveryCodes)} />
            {!required ? (
              <>
                <h3 className="text-lg font-semibold">Turn off</h3>
                <CodeForm endpoint="/api/auth/totp/disable" submitLabel="Turn off two-factor authentication" onSuccess={() => location.reload()} />
              </>
            ) : null}
          </>
        )}
      </section>
      <section aria-labelledby="pw-heading" className="flex flex-col gap-3">
        <h2 id="pw-heading" className="text-xl font-semibold">
          Change password
        </h2>
        <SecretForm onSubmit={changePassword} className="flex flex-col gap-3">
          <Field id="currentPassword" name="currentPassword" label="Current password" type="password" autoComplete="current-password" required />
          <Field id="newPassword" name="newPassword" label="New password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} required />
          <SubmitButton>Change password</SubmitButton>
        </SecretForm>
      </section>
      <section aria-labelledby="devices-heading" className="flex flex-col gap-3">
        <h2 id="devices-heading" className="text-xl font-semibold">
          Other devices
        </h2>
        <p>Signs out every other phone or browser where you are signed in. Done for you after a password or two-factor change.</p>
        <button type="button" className={`${secondaryButtonClass} self-start`} onClick={() => void signOutOthers()}>
          Sign out other devices
        </button>
      </section>
    </div>
  );
}
