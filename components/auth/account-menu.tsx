'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { CircleUserRound } from 'lucide-react';
import { useStore } from 'zustand';
import { isCurrent } from '@/components/shell/nav-items';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { popover } from '@/components/ui/styles';
import { getJson, pathForStage, sendJson, type Me, hardNavigate } from './api';
import { accountStore } from './account-store';
import { secondaryButtonClass } from './field';
import { forgetAccount, holdAccount, recallAccount, rememberAccount } from './remembered-account';
import { wipeLocalData } from './wipe-local-data';

/** How often an open app tells the server it is in use, sliding the idle deadline (ms). */
const KEEP_ALIVE_MS = 4 * 60 * 1000;

/** Signs out: wipes this device's offline data first, then ends the session on the server. */
export async function signOut(): Promise<void> {
  // A menu read still on its way must not remember the account again after the wipe.
  holdAccount();
  await wipeLocalData();
  try {
    const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
    await fetch('/api/auth/signout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, callbackUrl: '/sign-in', json: 'true' }),
    });
  } finally {
    hardNavigate('/sign-in');
  }
}

/**
 * The client gate of the CRM shell: CRM pages are static offline shells, so when online the
 * session is checked here (on every navigation, and every few minutes while in view) and a
 * signed-out or half-signed-in visitor is sent on; offline, the local data stays usable and the
 * account is the one last read. What it learns goes to accountStore for the rest of the shell.
 */
function useSessionCheck(): void {
  const pathname = usePathname();
  useEffect(() => {
    let stop = false;
    async function check() {
      const res = await getJson<Me>('/api/auth/me');
      if (stop) return;
      if (res.status === 401) {
        forgetAccount();
        hardNavigate(`/sign-in?next=${encodeURIComponent(location.pathname)}`);
      } else if (res.ok && res.data) {
        if (res.data.stage !== 'ready') {
          forgetAccount();
          hardNavigate(pathForStage(res.data.stage));
        } else {
          rememberAccount(res.data);
          accountStore.setState({ me: res.data, offline: false });
        }
      } else if (res.status === 0 || res.status >= 500) {
        // No signal, or the server is down: the menu stays, as last seen (sign-out waits for a connection).
        accountStore.setState(({ me }) => ({ me: me ?? recallAccount(), offline: true }));
      }
    }
    void check();
    const timer = setInterval(() => document.visibilityState === 'visible' && void check(), KEEP_ALIVE_MS);
    const online = () => void check();
    window.addEventListener('online', online);
    return () => {
      stop = true;
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [pathname]);
}

/**
 * The account button of the top bar and the panel it opens (a disclosure, not a menu: it holds
 * links, a select and buttons, each reached with Tab): who is signed in, where, the organization
 * switch, Security, the theme and sign-out. Escape closes it with focus back on the button;
 * following a link, a click outside or focus moving on closes it too. Also runs the shell's
 * session check.
 */
export function AccountMenu() {
  useSessionCheck();
  const pathname = usePathname();
  const { me, offline } = useStore(accountStore);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string>();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [shownFor, setShownFor] = useState(pathname);
  // A link followed closes the panel (the page changed under it).
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    // Focus moving on past it (Tab) closes it too: an open panel would cover what gets focus next (WCAG 2.4.12).
    const focusMoved = (e: FocusEvent) => {
      if (e.target instanceof Node && !root.current?.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    document.addEventListener('focusin', focusMoved);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
      document.removeEventListener('focusin', focusMoved);
    };
  }, [open]);

  // Offline with no account remembered: no menu to show, but the theme stays at hand.
  if (!me) return offline ? <ThemeToggle /> : null;
  const where = `${me.tenant.role}, ${me.tenant.tenantName}${offline ? ', offline' : ''}`;

  async function switchTenant(tenantId: string) {
    const res = await sendJson('/api/auth/tenant', { tenantId });
    if (!res.ok) setMessage(res.message);
    else {
      // Local data belongs to the previous tenant.
      await wipeLocalData();
      hardNavigate('/today');
    }
  }

  const current = isCurrent(pathname, '/account/security');
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen(!open);
          setMessage(undefined);
        }}
        className={`flex min-h-target min-w-target items-center justify-center gap-2 rounded-md px-2 text-text hover:bg-selected`}
      >
        <CircleUserRound aria-hidden="true" className="h-6 w-6" />
        {/* The name is shown from tablet width; a screen reader always hears whose account and where. */}
        <span className="max-w-[12rem] truncate max-sm:sr-only">{me.user.name}</span>
        <span className="sr-only">{` account (${where})`}</span>
      </button>
      <nav
        id={panelId}
        aria-label="Account"
        hidden={!open}
        className={`${popover} absolute right-0 top-full z-40 mt-1 max-h-[calc(100dvh-4.5rem)] w-72 max-w-[calc(100vw-1.5rem)] overflow-y-auto p-3`}
      >
        <p className="font-semibold">{me.user.name}</p>
        <p className="mb-2 text-sm text-muted">
          {me.user.email} ({where})
        </p>
        {me.memberships.length > 1 ? (
          <label className="mb-2 flex flex-col gap-1">
            <span>Organization{offline ? ' (switch when online)' : ''}</span>
            <select
              className="min-h-target rounded-md border border-border bg-bg px-2 text-text"
              disabled={offline}
              value={me.tenant.tenantId}
              onChange={(e) => void switchTenant(e.target.value)}
            >
              {me.memberships.map((m) => (
                <option key={m.tenantId} value={m.tenantId}>
                  {m.tenantName} ({m.role})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <ul className="mb-2">
          <li>
            <Link
              href="/account/security"
              aria-current={current ? 'page' : undefined}
              onClick={() => setOpen(false)}
              className={`flex min-h-target min-w-target items-center rounded-md px-2 text-link underline ${current ? 'bg-selected decoration-2' : ''}`}
            >
              Security
            </Link>
          </li>
        </ul>
        <div className="mb-2">
          <ThemeToggle />
        </div>
        {offline ? (
          // Signing out ends the session on the server: offline, it would only wipe this phone,
          // and the session would sync everything back at the next connection.
          <p className="text-sm text-muted">Sign out when you are back online.</p>
        ) : (
          <button type="button" className={secondaryButtonClass} onClick={() => void signOut()}>
            Sign out
          </button>
        )}
        {message ? <p role="alert" className="text-danger">{message}</p> : null}
      </nav>
    </div>
  );
}
