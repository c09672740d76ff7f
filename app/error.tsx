'use client';

import { useEffect } from 'react';
import { ScreenError } from '@/components/shell/screen-error';

/**
 * A frame (the CRM shell or the sign-in frame) that throws: the root layout still stands, so
 * the page keeps one main landmark and its theme.
 */
export default function FrameError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error('frame error', error), [error]);
  return (
    <main id="main" className="mx-auto max-w-6xl px-3 py-4">
      <ScreenError message={error.message} onRetry={reset} />
    </main>
  );
}
