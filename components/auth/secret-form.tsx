'use client';

import { createContext, useContext, useSyncExternalStore, type FormEventHandler, type ReactNode } from 'react';
import { buttonClass } from './field';

// Security (issue 13, item 12): a form without `method` submits as GET to its own URL, so a
// password, code or token typed before the page was interactive (slow phone, JavaScript off)
// went into the address bar, the history and server logs, and the person got no answer. Every
// form that carries a secret is a SecretForm: it always POSTs, to an endpoint that either does
// the job without JavaScript (`worksWithoutJs`, e.g. sign-in) or answers with a page that says
// JavaScript is needed and never reads the body. Forms that need JavaScript cannot be submitted
// until hydrated (their submit button is disabled in the server HTML, which also stops Enter).

/** Where forms that need JavaScript post when submitted anyway: a page that says so, body unread. */
export const NEEDS_JAVASCRIPT_ACTION = '/api/forms/needs-javascript';

const noSubscription = () => () => undefined;

/** False in the server HTML and until React has hydrated this component; true after. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

const ReadyContext = createContext(true);

/**
 * A form carrying a password, code or token: method POST, an action that never puts the secret
 * in a URL, and a `<noscript>` note when it needs JavaScript. `onSubmit` runs once hydrated
 * (call `preventDefault` to handle it with fetch).
 */
export function SecretForm({
  action = NEEDS_JAVASCRIPT_ACTION,
  worksWithoutJs = false,
  onSubmit,
  className = 'flex flex-col gap-4',
  label,
  children,
}: {
  /** The POST endpoint used without JavaScript; only meaningful with `worksWithoutJs`. */
  action?: string;
  worksWithoutJs?: boolean;
  onSubmit: FormEventHandler<HTMLFormElement>;
  className?: string;
  label?: string;
  children: ReactNode;
}) {
  const hydrated = useHydrated();
  return (
    <form method="post" action={worksWithoutJs ? action : NEEDS_JAVASCRIPT_ACTION} onSubmit={onSubmit} className={className} aria-label={label} noValidate>
      {worksWithoutJs ? null : (
        <noscript>
          <p className="font-semibold text-danger">This form needs JavaScript. Turn JavaScript on for this site, then reload the page.</p>
        </noscript>
      )}
      <ReadyContext.Provider value={worksWithoutJs || hydrated}>{children}</ReadyContext.Provider>
    </form>
  );
}

/** The submit button of a SecretForm: disabled while busy, and until hydrated when the form needs JavaScript. */
export function SubmitButton({ busy = false, busyLabel, children, className = buttonClass }: { busy?: boolean; busyLabel?: string; children: ReactNode; className?: string }) {
  const ready = useContext(ReadyContext);
  return (
    <button type="submit" className={className} disabled={busy || !ready}>
      {busy && busyLabel ? busyLabel : children}
      {ready ? null : <span className="sr-only"> (the page is still loading)</span>}
    </button>
  );
}
