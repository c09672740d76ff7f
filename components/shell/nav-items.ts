// Shared with the browser: the main navigation, in order. Routes listed here are the CRM
// screens that must work offline; tests read this list so a new screen cannot be forgotten.
export const NAV_ITEMS = [
  { href: '/today', label: 'Today' },
  { href: '/contacts', label: 'Contacts' },
  { href: '/companies', label: 'Companies' },
  { href: '/deals', label: 'Deals' },
  { href: '/activities', label: 'Activities' },
] as const;
