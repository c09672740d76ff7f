// Browser module: the signed-in account as last read from the server, so the account menu
// (name, organization, the links the role may use, sign-out) stays on screen offline. Forgotten
// with the rest of the local data at sign-out and on an organization switch (wipe-local-data.ts).
import type { Me } from './api';

const ACCOUNT_KEY = 'crm-account';
/** Set by sign-out: nothing is remembered again in this page. */
let held = false;

export function rememberAccount(me: Me): void {
  if (held) return;
  try {
    localStorage.setItem(ACCOUNT_KEY, JSON.stringify(me));
  } catch {
    // Storage full or blocked: the menu is then shown only online, as before.
  }
}

/** The account last read online, or undefined (never read, forgotten, or unreadable). */
export function recallAccount(): Me | undefined {
  try {
    const me = JSON.parse(localStorage.getItem(ACCOUNT_KEY) ?? 'null') as Me | null;
    return me?.user && me.tenant && Array.isArray(me.memberships) ? me : undefined;
  } catch {
    return undefined;
  }
}

export function forgetAccount(): void {
  localStorage.removeItem(ACCOUNT_KEY);
}

/** Stops this page remembering the account (signing out): forgets it too. */
export function holdAccount(): void {
  held = true;
  forgetAccount();
}
