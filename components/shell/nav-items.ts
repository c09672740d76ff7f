// Shared with the browser: the navigation, in order. Routes in NAV_ITEMS are the CRM screens
// that must work offline; tests read these lists so a new screen cannot be forgotten.
import type { Permission } from '@/lib/auth/roles';

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to the roles holding it. */
  permission?: Permission;
}

/** The field-sales screens: the side navigation on desktop; on a phone the bottom tabs, except those `inMore`. */
export const NAV_ITEMS = [
  { href: '/today', label: 'Today' },
  { href: '/contacts', label: 'Contacts' },
  { href: '/companies', label: 'Companies', inMore: true },
  { href: '/deals', label: 'Deals' },
  { href: '/activities', label: 'Activities' },
] as const satisfies readonly (NavItem & { inMore?: boolean })[];

/** The rest of the daily work: under More on a phone, below the screens on desktop. */
export const WORK_ITEMS: readonly NavItem[] = [
  { href: '/conflicts', label: 'Conflicts' },
  { href: '/import-export', label: 'Import and export' },
];

/** The administration area, each link for the roles holding its permission. */
export const ADMIN_ITEMS: readonly NavItem[] = [
  { href: '/admin/users', label: 'Members', permission: 'members:manage' },
  { href: '/admin/settings', label: 'Settings', permission: 'settings:manage' },
  { href: '/admin/workflows', label: 'Workflows', permission: 'workflows:manage' },
  { href: '/admin/health', label: 'System health', permission: 'settings:manage' },
  { href: '/developers', label: 'Developers', permission: 'api-keys:manage' },
  { href: '/admin/privacy', label: 'Privacy requests', permission: 'privacy:manage' },
  { href: '/audit', label: 'Audit log', permission: 'audit:read' },
];

/** The More page: on a phone, everything the bottom tabs leave out. */
export const MORE_HREF = '/more';

/** Whether `pathname` is `href` or a page below it (the navigation marks it current, WCAG 2.4.8). */
export function isCurrent(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
