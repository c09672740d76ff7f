import NextLink from 'next/link';
import type { ReactNode } from 'react';

/**
 * A whole list row as one link: a large target (WCAG 2.5.5) whose first line, the record's
 * name, is underlined so it reads as a link without colour. `prefetch={false}`: thousands of
 * rows must not each fetch a page.
 */
export function RowLink({ href, title, detail, tabIndex }: { href: string; title: string; detail: ReactNode; tabIndex?: 0 | -1 }) {
  return (
    <NextLink href={href} prefetch={false} tabIndex={tabIndex} className="flex h-full min-h-16 w-full min-w-0 flex-col justify-center rounded-sm px-1 text-text">
      <span className="truncate font-semibold text-link underline underline-offset-4">{title}</span>
      <span className="truncate text-sm text-muted">{detail}</span>
    </NextLink>
  );
}
