// Browser module: the signed-in account as the shell knows it (read by the account menu's
// session check, account-menu.tsx), for every part of the shell that depends on the role: the
// side navigation's admin links and the More page. Offline it is the account as last read.
import { createStore } from 'zustand/vanilla';
import type { Me } from './api';

export interface AccountState {
  me: Me | undefined;
  /** No connection to the server: `me` is the account as last read online. */
  offline: boolean;
}

export const accountStore = createStore<AccountState>(() => ({ me: undefined, offline: false }));
