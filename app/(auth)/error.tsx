'use client';

import { useEffect } from 'react';
import { ScreenError } from '@/components/shell/screen-error';

/** A sign-in screen that throws shows why inside its frame. */
export default function AuthScreenError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error('screen error', error), [error]);
  return <ScreenError message={error.message} onRetry={reset} />;
}
