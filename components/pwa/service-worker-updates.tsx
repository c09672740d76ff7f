'use client';

import { useEffect, useRef, useState } from 'react';

const UPDATE_CHECK_MS = 30 * 60 * 1000; // how often an open app asks for a new deployment

/**
 * Registers the service worker and, when a new deployment is installed, tells the user and
 * lets them choose when to reload (WCAG 3.2.5): nothing reloads under someone's fingers.
 */
export function ServiceWorkerUpdates() {
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);
  const reloadRequested = useRef(false);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || process.env.NODE_ENV !== 'production') return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const onControllerChange = () => {
      if (reloadRequested.current) window.location.reload();
    };
    navigator.serviceWorker.addEventListener('controllerchange', onControllerChange);
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .then((reg) => {
        if (reg.waiting && navigator.serviceWorker.controller) setWaiting(reg.waiting);
        reg.addEventListener('updatefound', () => {
          const installing = reg.installing;
          installing?.addEventListener('statechange', () => {
            // With no controller this is the first install, not an update.
            if (installing.state === 'installed' && navigator.serviceWorker.controller) setWaiting(installing);
          });
        });
        timer = setInterval(() => void reg.update().catch(() => undefined), UPDATE_CHECK_MS);
      })
      .catch((err: unknown) => console.warn('service worker registration failed', err));
    return () => {
      navigator.serviceWorker.removeEventListener('controllerchange', onControllerChange);
      if (timer) clearInterval(timer);
    };
  }, []);

  function reloadNow() {
    reloadRequested.current = true;
    waiting?.postMessage({ type: 'SKIP_WAITING' });
  }

  return (
    <div role="status" aria-live="polite" className="contents">
      {waiting ? (
        // Above the phone's tab bar (3.5 rem), never over it.
        <div className="fixed inset-x-2 bottom-2 z-40 mx-auto flex max-lg:bottom-[calc(4rem+env(safe-area-inset-bottom))] max-w-xl flex-wrap items-center gap-2 rounded-md border border-border bg-raised p-3 shadow-lg">
          <p className="grow">A new version of CRM-AI is ready. Your unsaved work stays on this device.</p>
          <button type="button" onClick={reloadNow} className="min-h-target min-w-target rounded-md bg-primary px-4 font-semibold text-onPrimary">
            Reload now
          </button>
          <button type="button" onClick={() => setWaiting(null)} className="min-h-target min-w-target rounded-md border border-border px-4 font-semibold text-text">
            Later
          </button>
        </div>
      ) : null}
    </div>
  );
}
