'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { can, type Permission, type Role } from '@/lib/auth/roles';
import { getJson, pathForStage, sendJson, type Me, hardNavigate } from './api';
import { secondaryButtonClass } from './field';
import { forgetAccount, holdAccount, recallAccount, rememberAccount } from './remembered-account';
import { wipeLocalData } from './wipe-local-data';

/** Links of the account area, each shown to the roles holding its permission. */
const ACCOUNT_LINKS: readonly { href: string; label: string; permission?: Permission }[] = [
  { href: '/admin/users', label: 'Members', permission: 'members:manage' },
  { href: '/admin/settings', label: 'Settings', permission: 'settings:manage' },
  { href: '/admin/workflows', label: 'Workflows', permission: 'workflows:manage' },
  { href: '/admin/health', label: 'System health', permission: 'settings:manage' },
  { href: '/audit', label: 'Audit log', permission: 'audit:read' },
  { href: '/account/security', label: 'Security' },
];

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
 * The signed-in user's corner of the banner, and the client gate of the CRM shell: CRM pages
 * are static offline shells, so when online the session is checked here and a signed-out or
 * half-signed-in visitor is sent on; offline, the local data stays usable.
 */
export function AccountMenu() {
  const pathname = usePathname();
  const [me, setMe] = useState<Me>();
  /** No connection to the server: `me` is the account as last read online. */
  const [offline, setOffline] = useState(false);
  const [message, setMessage] = useState<string>();

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
          setMe(res.data);
          setOffline(false);
        }
      } else if (res.status === 0 || res.status >= 500) {
        // No signal, or the server is down: the menu stays, as last seen (sign-out waits for a connection).
        setMe((shown) => shown ?? recallAccount());
        setOffline(true);
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

  if (!me) return <p className="text-muted">{message ?? ''}</p>;
  const role = me.tenant.role as Role;

  async function switchTenant(tenantId: string) {
    const res = await sendJson('/api/auth/tenant', { tenantId });
    if (!res.ok) setMessage(res.message);
    else {
      // Local data belongs to the previous tenant.
      await wipeLocalData();
      hardNavigate('/today');
    }
  }

  const linkClass = 'flex min-h-target min-w-target items-center rounded-md px-2 text-link underline';
  return (
    <nav aria-label="Account" className="flex flex-wrap items-center gap-2">
      <p>
        <span className="font-semibold">{me.user.name}</span>{' '}
        <span className="text-muted">
          ({role}, {me.tenant.tenantName}{offline ? ', offline' : ''})
        </span>
      </p>
      {me.memberships.length > 1 ? (
        <label className="flex items-center gap-1">
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
      {ACCOUNT_LINKS.filter((l) => !l.permission || can(role, l.permission)).map((l) => {
        // WCAG 2.4.8: pages outside the main navigation show where the user is here.
        const current = pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <Link key={l.href} href={l.href} aria-current={current ? 'page' : undefined} className={`${linkClass} ${current ? 'bg-selected decoration-2' : ''}`}>
            {l.label}
          </Link>
        );
      })}
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
  );
}
