// Browser module: where the phone remembers who it syncs as (and the colleagues it names), so
// a reload offline opens the right database. Kept apart from start-sync.ts so sign-out can
// forget it without loading the sync engine.
export const IDENTITY_KEY = 'crm-sync-identity';

/** Forgets the remembered identity and colleague list (sign-out on a shared or lost phone). */
export function forgetIdentity(): void {
  localStorage.removeItem(IDENTITY_KEY);
}
