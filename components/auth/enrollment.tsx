'use client';

import { useEffect, useRef, useState } from 'react';
import { sendJson, hardNavigate } from './api';
import { CodeForm } from './code-form';
import { buttonClass, FormMessage } from './field';
import { RecoveryCodes } from './recovery-codes';

interface Start {
  secret: string;
  uri: string;
  qrSvg: string;
}

/** QR code and secret → first code → recovery codes, shown once. */
export function Enrollment() {
  const [start, setStart] = useState<Start>();
  const [message, setMessage] = useState<string>();
  const [codes, setCodes] = useState<string[]>();
  const started = useRef(false);

  useEffect(() => {
    // Strict mode runs effects twice in development; one secret per visit.
    if (started.current) return;
    started.current = true;
    void sendJson<Start>('/api/auth/totp/start', {}).then((res) => {
      if (res.ok) setStart(res.data);
      else if (res.status === 401) hardNavigate('/sign-in?next=/enroll');
      else if (res.status === 403) hardNavigate('/sign-in/verify');
      else setMessage(res.message);
    });
  }, []);

  if (codes) {
    return (
      <section aria-labelledby="codes-heading" className="flex flex-col gap-4">
        <h2 id="codes-heading" className="text-xl font-semibold">
          Save your recovery codes
        </h2>
        <p>Two-factor authentication is on. If you lose your phone, each of these codes signs you in once. They are shown only now: print them or keep them in a password manager.</p>
        <RecoveryCodes codes={codes} />
        <button type="button" className={buttonClass} onClick={() => hardNavigate('/today')}>
          I have saved my codes, continue
        </button>
      </section>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <FormMessage message={message} />
      <ol className="flex list-decimal flex-col gap-4 pl-6">
        <li>
          <p>Install an authenticator app on your phone (for example Aegis, Google Authenticator, Microsoft Authenticator or 1Password).</p>
        </li>
        <li>
          <p>Scan this QR code with the app, or type the key below into it.</p>
          {start ? (
            <>
              <div
                role="img"
                aria-label="QR code holding your two-factor key; the same key is written below for manual entry"
                className="my-2 w-56 rounded-md bg-white p-2"
                dangerouslySetInnerHTML={{ __html: start.qrSvg }}
              />
              <p>
                <span id="secret-label" className="font-semibold">
                  Key for manual entry:
                </span>{' '}
                <code aria-labelledby="secret-label" data-testid="totp-secret" className="break-all rounded bg-surface px-1 font-mono text-lg">
                  {start.secret.replace(/(.{4})/g, '$1 ').trim()}
                </code>
              </p>
              <p className="text-muted">Time-based, 6 digits, every 30 seconds.</p>
            </>
          ) : (
            <p role="status">Preparing your key…</p>
          )}
        </li>
        <li>
          <p>Enter the code the app shows to finish.</p>
          <CodeForm endpoint="/api/auth/totp/confirm" submitLabel="Turn on two-factor authentication" onSuccess={(d) => setCodes((d as { recoveryCodes: string[] }).recoveryCodes)} />
        </li>
      </ol>
    </div>
  );
}
