'use client';

import Link from 'next/link';
import { NAV_ITEMS, WORK_ITEMS, type NavItem } from './nav-items';
import { NavIcon } from './nav-icons';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { PageHeader } from './page-header';
import { useAdminItems } from './main-nav';

function Section({ id, title, items, note }: { id: string; title: string; items: readonly NavItem[]; note?: string }) {
  return (
    <section aria-labelledby={id} className="mb-6">
      <h2 id={id} className="mb-1 text-lg font-semibold">
        {title}
      </h2>
      {note ? <p className="mb-1 text-sm text-muted">{note}</p> : null}
      <ul className="divide-y divide-border rounded-lg border border-border bg-surface">
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} className="flex min-h-target items-center gap-3 px-3 py-2 font-medium text-link underline-offset-4 hover:underline">
              <NavIcon href={item.href} />
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * On a phone, everything the bottom tabs leave out: the other records, the daily tools and, for
 * the roles that have it, the administration area (on desktop the side navigation shows them).
 */
export function MoreScreen() {
  const admin = useAdminItems();
  return (
    <>
      {/* A phone's tab bar marks More; on desktop, where the side navigation lists all of this, only the breadcrumbs show where this is. */}
      <div className="max-lg:hidden">
        <Breadcrumbs
          items={[
            { href: '/today', label: 'Home' },
            { href: '/more', label: 'More' },
          ]}
        />
      </div>
      <PageHeader title="More" />
      <Section id="more-work" title="Work" items={[...NAV_ITEMS.filter((i) => 'inMore' in i), ...WORK_ITEMS]} />
      {admin.length > 0 ? <Section id="more-admin" title="Administration" items={admin} note="These pages need a connection." /> : null}
    </>
  );
}
