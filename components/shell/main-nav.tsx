'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useStore } from 'zustand';
import { accountStore } from '@/components/auth/account-store';
import { can, type Role } from '@/lib/auth/roles';
import { ADMIN_ITEMS, MORE_HREF, NAV_ITEMS, WORK_ITEMS, isCurrent, type NavItem } from './nav-items';
import { NavIcon } from './nav-icons';

/** The administration links the signed-in role may use (none until the account is known). */
export function useAdminItems(): readonly NavItem[] {
  const role = useStore(accountStore, (s) => s.me?.tenant.role) as Role | undefined;
  return role ? ADMIN_ITEMS.filter((i) => !i.permission || can(role, i.permission)) : [];
}

const link = 'flex min-h-target min-w-target items-center rounded-md font-medium underline-offset-4';
const currentLink = 'bg-selected text-text underline decoration-2';
const otherLink = 'text-link hover:underline';

/** A side-navigation link (desktop). */
function SideLink({ item, pathname }: { item: NavItem; pathname: string }) {
  const current = isCurrent(pathname, item.href);
  return (
    <li>
      <Link href={item.href} aria-current={current ? 'page' : undefined} className={`${link} gap-3 px-3 ${current ? currentLink : otherLink}`}>
        <NavIcon href={item.href} />
        {item.label}
      </Link>
    </li>
  );
}

/**
 * The main navigation, one landmark at every width: on a phone a bottom tab bar (Today,
 * Contacts, Deals, Activities, More) within thumb reach, icon above label; on desktop a side
 * navigation with every screen and, for the roles that have it, the administration area. The
 * current place carries aria-current (WCAG 2.4.8); More is marked while on a page it leads to.
 */
export function MainNav() {
  const pathname = usePathname();
  const admin = useAdminItems();
  // Every page More leads to (all of the administration area: the role is not known at first paint).
  const inMore = isCurrent(pathname, MORE_HREF) || [...NAV_ITEMS.filter((i) => 'inMore' in i), ...WORK_ITEMS, ...ADMIN_ITEMS].some((i) => isCurrent(pathname, i.href));
  const tab = `${link} max-lg:flex-col max-lg:justify-center max-lg:gap-0.5 max-lg:px-1 max-lg:text-xs lg:gap-3 lg:px-3`;
  return (
    <nav
      aria-label="Main"
      data-bottom-bar=""
      className="fixed inset-x-0 bottom-0 z-30 border-t border-border bg-surface pb-[env(safe-area-inset-bottom)] max-lg:h-[calc(var(--tab-bar-height)+env(safe-area-inset-bottom))] lg:sticky lg:top-16 lg:z-auto lg:max-h-[calc(100dvh-4.5rem)] lg:w-56 lg:shrink-0 lg:self-start lg:overflow-y-auto lg:border-0 lg:bg-transparent lg:pb-0"
    >
      <ul className="grid grid-cols-5 gap-0.5 px-1 py-1 max-lg:h-full lg:flex lg:flex-col lg:gap-1 lg:p-0">
        {NAV_ITEMS.map((item) => {
          const current = isCurrent(pathname, item.href);
          return (
            <li key={item.href} className={'inMore' in item ? 'max-lg:hidden' : undefined}>
              <Link href={item.href} aria-current={current ? 'page' : undefined} className={`${tab} ${current ? currentLink : otherLink}`}>
                <NavIcon href={item.href} />
                {item.label}
              </Link>
            </li>
          );
        })}
        <li className="lg:hidden">
          <Link
            href={MORE_HREF}
            aria-current={isCurrent(pathname, MORE_HREF) ? 'page' : inMore ? 'true' : undefined}
            className={`${tab} ${inMore ? currentLink : otherLink}`}
          >
            <NavIcon href={MORE_HREF} />
            More
          </Link>
        </li>
      </ul>
      <div className="max-lg:hidden">
        <ul className="mt-1 flex flex-col gap-1">
          {WORK_ITEMS.map((item) => (
            <SideLink key={item.href} item={item} pathname={pathname} />
          ))}
        </ul>
        {admin.length > 0 ? (
          <>
            <p id="side-admin" className="mb-1 mt-4 px-3 text-sm font-semibold text-muted">
              Administration
            </p>
            <ul aria-labelledby="side-admin" className="flex flex-col gap-1">
              {admin.map((item) => (
                <SideLink key={item.href} item={item} pathname={pathname} />
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </nav>
  );
}
