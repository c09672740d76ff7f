// Shared with the browser: one icon per place in the navigation (lucide, tree-shaken: only
// these are bundled). Icons are always beside their label, never instead of it (WCAG 1.1.1,
// 2.5.3), so they are hidden from screen readers.
import {
  Activity,
  ArrowDownUp,
  Building2,
  CalendarDays,
  Ellipsis,
  Handshake,
  KeyRound,
  ListChecks,
  ScrollText,
  Settings,
  ShieldUser,
  TriangleAlert,
  UserCog,
  Users,
  Workflow,
  type LucideIcon,
} from 'lucide-react';

const ICONS: Record<string, LucideIcon> = {
  '/today': CalendarDays,
  '/contacts': Users,
  '/companies': Building2,
  '/deals': Handshake,
  '/activities': ListChecks,
  '/more': Ellipsis,
  '/conflicts': TriangleAlert,
  '/import-export': ArrowDownUp,
  '/admin/users': UserCog,
  '/admin/settings': Settings,
  '/admin/workflows': Workflow,
  '/admin/health': Activity,
  '/audit': ScrollText,
  '/developers': KeyRound,
  '/admin/privacy': ShieldUser,
};

/** The icon of the place at `href`, 24 px, hidden from assistive technology. */
export function NavIcon({ href, className = 'h-6 w-6' }: { href: string; className?: string }) {
  const Icon = ICONS[href];
  return Icon ? <Icon aria-hidden="true" className={`shrink-0 ${className}`} strokeWidth={2} /> : null;
}
