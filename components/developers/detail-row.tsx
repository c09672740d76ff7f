import type { ReactNode } from 'react';

/** One term and its value in a card's details (`<dl>`): side by side from tablet width, stacked on a phone. */
export function DetailRow({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-semibold text-muted">{term}</dt>
      <dd className="mb-2 break-words sm:mb-0">{children}</dd>
    </>
  );
}
