import type { ReactNode } from 'react';

export interface ScrollRegionProps {
  /** Names the region for screen readers: a label, or the id of a visible heading or caption. */
  'aria-label'?: string;
  'aria-labelledby'?: string;
  className?: string;
  children: ReactNode;
}

/**
 * A wide table's own sideways scroller: labelled and focusable, so keyboard users can scroll
 * it, while the page itself reflows at 320 px (WCAG 1.4.10 allows 2-D tables to scroll).
 * `relative` matters: screen-reader-only text is absolutely positioned, and without a
 * positioned ancestor inside the scroller it escapes it and widens the whole page.
 */
export function ScrollRegion({ className = '', children, ...label }: ScrollRegionProps) {
  return (
    <div role="region" tabIndex={0} className={`relative max-w-full overflow-x-auto ${className}`} {...label}>
      {children}
    </div>
  );
}
