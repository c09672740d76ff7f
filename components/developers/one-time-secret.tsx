'use client';

import { useRef, type ReactNode, type Ref } from 'react';
import { Button } from '@/components/ui/button';
import { card } from '@/components/ui/styles';
import { TextField } from '@/components/ui/text-field';
import { CopyButton } from './copy-button';

export interface OneTimeSecretProps {
  id: string;
  heading: string;
  /** The read-only field's label, e.g. "Token". */
  label: string;
  value: string;
  /** What to do with it (how to send it, how long the old one lasts). */
  children: ReactNode;
  onDone: () => void;
  /** The heading, which takes focus when the secret appears. */
  headingRef?: Ref<HTMLHeadingElement>;
}

/**
 * A token or signing secret shown the one time the server sends it: in a read-only field (it
 * can be selected, never edited), with a Copy button and the words that it will not be shown
 * again. Hidden when the person says they have stored it; leaving the page hides it too.
 */
export function OneTimeSecret({ id, heading, label, value, children, onDone, headingRef }: OneTimeSecretProps) {
  const box = useRef<HTMLDivElement>(null);
  return (
    // Headings may name a webhook by its address, one long unbreakable word: it wraps anywhere
    // rather than widen the page at 320 px (WCAG 1.4.10).
    <section aria-labelledby={`${id}-heading`} data-one-time-secret="" className={`${card} flex min-w-0 flex-col gap-3 border-s-4 border-s-primary p-inset [overflow-wrap:anywhere]`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="text-title-sm">
        {heading}
      </h2>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> Only a hash of it is kept, so nobody can show it later, not even an owner.
      </p>
      {children}
      <div ref={box}>
        <TextField label={label} value={value} isReadOnly description="Read only. Select it, or use the Copy button." />
      </div>
      <CopyButton text={value} label={`Copy ${label.toLowerCase()}`} what={label} fallback={() => box.current?.querySelector('input')?.select()} />
      <div>
        <Button variant="secondary" onPress={onDone}>
          I have stored it, hide it
        </Button>
      </div>
    </section>
  );
}
