// Shared with the browser and the page: the developer portal's tabs, as named in its address (?tab=).

export const PORTAL_TABS = ['keys', 'webhooks', 'quick-start'] as const;
export type PortalTab = (typeof PORTAL_TABS)[number];

export function isPortalTab(value: unknown): value is PortalTab {
  return typeof value === 'string' && (PORTAL_TABS as readonly string[]).includes(value);
}

/** The tab a `?tab=` value opens: the API keys tab for none or an unknown one. */
export function portalTabOf(value: string | string[] | undefined): PortalTab {
  const first = Array.isArray(value) ? value[0] : value;
  return isPortalTab(first) ? first : 'keys';
}
