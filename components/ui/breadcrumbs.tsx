'use client';

import { Breadcrumb, Breadcrumbs as AriaBreadcrumbs } from 'react-aria-components';
import { Link } from './link';

export interface Crumb {
  href: string;
  label: string;
}

/**
 * Where the user is (WCAG 2.4.8): a "Breadcrumbs" navigation whose last item is the current
 * page, marked aria-current="page" and shown as plain bold text, not a link.
 */
export function Breadcrumbs({ items }: { items: readonly Crumb[] }) {
  return (
    <nav aria-label="Breadcrumbs" className="mb-2">
      <AriaBreadcrumbs items={items} className="flex flex-wrap items-center gap-1">
        {(item) => (
          <Breadcrumb id={item.href} className="flex items-center gap-1 [&:not(:last-child)]:after:content-['/'] after:text-muted">
            <Link href={item.href}>{item.label}</Link>
          </Breadcrumb>
        )}
      </AriaBreadcrumbs>
    </nav>
  );
}
