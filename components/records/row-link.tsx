import NextLink from 'next/link';
import type { ReactNode } from 'react';

/** "Ada Lovelace" → "AL", "Granite Robotics Ltd" → "GR": two letters people recognise at a glance. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words;
  return letters.map((w) => Array.from(w)[0]!.toUpperCase()).join('') || '?';
}

/**
 * A whole list row as one link: a large target (WCAG 2.5.5) whose first line, the record's
 * name, is underlined so it reads as a link without colour. `avatar` leads with the name's
 * initials (decoration: the name itself follows). `prefetch={false}`: thousands of rows must
 * not each fetch a page.
 */
export function RowLink({ href, title, detail, tabIndex, avatar = false }: { href: string; title: string; detail: ReactNode; tabIndex?: 0 | -1; avatar?: boolean }) {
  return (
    <NextLink href={href} prefetch={false} tabIndex={tabIndex} className="flex h-full min-h-target w-full min-w-0 items-center gap-3 rounded-sm px-1 text-text">
      {avatar ? (
        <span aria-hidden="true" className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-selected text-sm font-bold text-text">
          {initialsOf(title)}
        </span>
      ) : null}
      <span className="flex min-w-0 flex-col">
        <span className="truncate font-semibold text-link underline underline-offset-4">{title}</span>
        <span className="truncate text-sm text-muted">{detail}</span>
      </span>
    </NextLink>
  );
}
