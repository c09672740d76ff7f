'use client';

import { useEffect } from 'react';
import { ScreenError } from '@/components/shell/screen-error';

/** A CRM screen that throws shows why inside the app shell, whose navigation keeps working. */
export default function CrmScreenError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error('screen error', error), [error]);
  return <ScreenError message={error.message} onRetry={reset} />;
}
