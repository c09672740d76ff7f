// Runs in the browser at sign-out: the offline copy of CRM data must not stay on a shared or
// lost phone. Deletes every IndexedDB database of this origin (RxDB/Dexie live there) and
// session storage, unsaved form drafts, the remembered identity with its colleague list and
// the remembered account;
// keeps only harmless preferences such as the theme in localStorage.

import { forgetIdentity } from '@/sync/client/remembered-identity';
import { clearAllDrafts } from '../records/drafts';
import { forgetAccount } from './remembered-account';

/** Deletes all IndexedDB databases of this origin; resolves when every deletion has finished or was blocked. */
export async function wipeLocalData(): Promise<string[]> {
  sessionStorage.clear();
  clearAllDrafts();
  forgetIdentity();
  forgetAccount();
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  const dbs = await indexedDB.databases();
  const names = dbs.map((d) => d.name).filter((n): n is string => Boolean(n));
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve) => {
          const req = indexedDB.deleteDatabase(name);
          req.onsuccess = () => resolve();
          req.onerror = () => resolve();
          // An open connection (the live RxDB) blocks deletion until the page unloads; the
          // deletion is queued and completes then, so we do not wait for it here.
          req.onblocked = () => resolve();
        }),
    ),
  );
  return names;
}
