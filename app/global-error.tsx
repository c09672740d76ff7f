'use client';

import { useEffect } from 'react';
import { ScreenError } from '@/components/shell/screen-error';
import './globals.css';

/** The root layout itself threw: this replaces it, so it brings its own html and body. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error('root error', error), [error]);
  return (
    <html lang="en">
      <title>Something went wrong · CRM-AI</title>
      <body className="bg-bg text-text">
        <main id="main" className="mx-auto max-w-6xl px-3 py-4">
          <ScreenError message={error.message} onRetry={reset} />
        </main>
      </body>
    </html>
  );
}
