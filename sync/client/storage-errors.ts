// Browser module: recognising a full device (IndexedDB quota) among storage errors.

/** Shown when the browser refuses to store more data. */
export const QUOTA_MESSAGE =
  'This device is out of storage space for offline data. Your changes so far are kept; free up space (or remove unused offline data in the browser settings) and they will sync.';

/** Whether `err` (or an error it wraps, as RxDB does) is the browser's quota error. */
export function isQuotaError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { name?: unknown; message?: unknown; code?: unknown; inner?: unknown; cause?: unknown; parameters?: { errors?: unknown[] } };
  if (e.name === 'QuotaExceededError' || e.code === 22) return true;
  if (typeof e.message === 'string' && /quota/i.test(e.message)) return true;
  const nested = [e.inner, e.cause, ...(Array.isArray(e.parameters?.errors) ? e.parameters.errors : [])];
  return nested.some((n) => isQuotaError(n, depth + 1));
}
