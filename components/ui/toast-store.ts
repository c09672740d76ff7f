// Shared with the browser: the queue behind <ToastRegion>. Plain module state with
// subscribe/getSnapshot so React reads it through useSyncExternalStore.

export type ToastTone = 'info' | 'success' | 'error';

/** One button on a notification, e.g. Undo; pressing it also dismisses the notification. */
export interface ToastAction {
  label: string;
  onAction: () => void;
}

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
  action?: ToastAction;
}

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

/**
 * Shows a notification. It stays until the user dismisses it: WCAG 2.2.3 (no timing) and
 * 2.2.4 (interruptions) rule out toasts that vanish on a timer. Returns the toast's id.
 */
export function showToast(message: string, tone: ToastTone = 'info', action?: ToastAction): number {
  const id = nextId++;
  // The newest five are enough; older ones were already announced.
  toasts = [...toasts, { id, tone, message, ...(action ? { action } : {}) }].slice(-5);
  emit();
  return id;
}

/** Removes one notification. */
export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

/** Removes every notification (tests and sign-out). */
export function clearToasts(): void {
  toasts = [];
  emit();
}

/** Subscribe for useSyncExternalStore. */
export function subscribeToasts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Current notifications, oldest first (a stable array between changes). */
export function getToasts(): readonly Toast[] {
  return toasts;
}

const EMPTY: readonly Toast[] = [];
/** Server snapshot: no notifications are rendered on the server. */
export function getServerToasts(): readonly Toast[] {
  return EMPTY;
}
