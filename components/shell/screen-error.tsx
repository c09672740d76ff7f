'use client';

import { useEffect, useRef } from 'react';
import { target } from '../ui/styles';

/**
 * What a screen shows when it throws while rendering (the error.tsx boundaries under app/):
 * what happened in plain words, that nothing saved on this device is lost, and two ways on.
 * Plain elements only, because the component library may be what failed. The heading takes
 * focus, so a screen reader user hears it at once (WCAG 4.1.3) and a keyboard user starts
 * from it.
 */
export function ScreenError({ message, onRetry, example = false }: {
  message: string;
  onRetry?: () => void;
  /** Shown in the design system's catalog: a section heading, no focus taken, not marked as an error. */
  example?: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!example) heading.current?.focus();
  }, [example]);
  const Heading = example ? 'h3' : 'h1';
  const headingId = example ? 'screen-error-example-heading' : 'screen-error-heading';
  return (
    <section aria-labelledby={headingId} data-screen-error={example ? undefined : ''} className="flex max-w-xl flex-col gap-3">
      <Heading id={headingId} ref={heading} tabIndex={-1} className={`${example ? 'text-lg' : 'text-2xl'} font-bold outline-none`}>
        This screen could not be shown
      </Heading>
      <p>Nothing you saved is lost: it stays on this device and syncs as usual. Try again, or go to Today.</p>
      <div className="flex flex-wrap gap-2">
        {onRetry ? (
          <button type="button" onClick={onRetry} className={`${target} rounded-md border-2 border-primary bg-primary px-4 font-semibold text-onPrimary`}>
            Try again
          </button>
        ) : null}
        <a href="/today" className={`${target} inline-flex items-center rounded-md px-1 text-link underline underline-offset-4`}>
          Go to Today
        </a>
      </div>
      <details>
        <summary className={`${target} inline-flex cursor-pointer items-center rounded-sm`}>Technical details</summary>
        <p className="break-words font-mono text-sm">{message || 'No message.'}</p>
      </details>
    </section>
  );
}
