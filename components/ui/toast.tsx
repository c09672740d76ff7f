'use client';

import { CircleAlert, CircleCheck, Info, type LucideIcon } from 'lucide-react';
import { useSyncExternalStore } from 'react';
import { Button } from './button';
import { dismissToast, getServerToasts, getToasts, subscribeToasts, type Toast } from './toast-store';

// The tone is said in words ("Done:", "Problem:"); the edge and the icon repeat it, in colours
// that reach 3:1 against the toast (WCAG 1.4.11) and 7:1 as text.
const TONE_CLASS: Record<Toast['tone'], string> = {
  info: 'border-s-primary',
  success: 'border-s-success',
  error: 'border-s-danger',
};
const TONE_ICON: Record<Toast['tone'], readonly [LucideIcon, string]> = {
  info: [Info, 'text-primary'],
  success: [CircleCheck, 'text-success'],
  error: [CircleAlert, 'text-danger'],
};
const TONE_LABEL: Record<Toast['tone'], string> = { info: 'Note', success: 'Done', error: 'Problem' };

/**
 * The one place notifications appear. Two live regions exist from the first render (screen
 * readers ignore regions inserted together with their text): `status` (polite) for info and
 * success, `alert` for errors. The region sits in the page flow, not over it, so it never
 * hides the focused element (WCAG 2.4.12), and nothing disappears on a timer (2.2.3).
 */
export function ToastRegion() {
  const toasts = useSyncExternalStore(subscribeToasts, getToasts, getServerToasts);
  const polite = toasts.filter((t) => t.tone !== 'error');
  const errors = toasts.filter((t) => t.tone === 'error');
  return (
    <section aria-label="Notifications" className={toasts.length ? 'mx-auto max-w-6xl px-3 pt-3' : ''}>
      <div role="status" className="flex flex-col gap-2">
        {polite.map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </div>
      <div role="alert" className="flex flex-col gap-2">
        {errors.map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </div>
    </section>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const [Icon, iconColour] = TONE_ICON[toast.tone];
  return (
    <div className={`flex flex-wrap items-center justify-between gap-2 rounded-lg border border-s-4 border-line bg-raised py-1 ps-3 pe-1 shadow-popover ${TONE_CLASS[toast.tone]}`}>
      <Icon aria-hidden="true" className={`size-icon shrink-0 ${iconColour}`} strokeWidth={2} />
      <p className="min-w-0 flex-1">
        <strong>{TONE_LABEL[toast.tone]}: </strong>
        {toast.message}
      </p>
      <div className="flex flex-wrap gap-2">
        {toast.action ? (
          <Button
            variant="secondary"
            onPress={() => {
              dismissToast(toast.id);
              toast.action?.onAction();
            }}
          >
            {toast.action.label}
          </Button>
        ) : null}
        <Button variant="quiet" aria-label={`Dismiss: ${toast.message}`} onPress={() => dismissToast(toast.id)}>
          Dismiss
        </Button>
      </div>
    </div>
  );
}
