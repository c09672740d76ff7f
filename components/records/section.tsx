import type { ReactNode } from 'react';

/**
 * A titled part of a page; the h2 names the region for landmark navigation. Its heading is the
 * type scale's `title-sm`, a clear step below the page's h1 and above the body text.
 */
export function Section({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-5 flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-title-sm text-text">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
