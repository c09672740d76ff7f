// Browser module: unsaved form input kept in localStorage, so nothing typed is lost when
// validation fails, the app is closed or the phone kills the tab. Cleared on save or discard.
import type { FormValues } from './form-validation';

const PREFIX = 'crm-draft:';

export interface Draft {
  values: FormValues;
  savedAt: string;
}

/** The storage key of a form: one per record (or per kind of new record). */
export function draftKey(form: string, recordId: string | null): string {
  return `${PREFIX}${form}:${recordId ?? 'new'}`;
}

export function loadDraft(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Draft>;
    if (!parsed.values || typeof parsed.values !== 'object' || typeof parsed.savedAt !== 'string') return null;
    const values = Object.fromEntries(Object.entries(parsed.values).filter(([, v]) => typeof v === 'string')) as FormValues;
    return { values, savedAt: parsed.savedAt };
  } catch {
    return null;
  }
}

export function saveDraft(key: string, values: FormValues): void {
  try {
    localStorage.setItem(key, JSON.stringify({ values, savedAt: new Date().toISOString() } satisfies Draft));
  } catch {
    // Storage full or disabled: the form still works, only the safety net is missing.
  }
}

export function clearDraft(key: string): void {
  localStorage.removeItem(key);
}

/** Removes every draft (sign-out: drafts hold customer data). */
export function clearAllDrafts(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
}
