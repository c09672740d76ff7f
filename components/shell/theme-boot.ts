// Shared with the browser: the theme key and pre-paint script live in lib/design/theme-boot.ts,
// where the CSP (lib/security/csp.ts) can hash the script too.
export { THEME_CHANGED_EVENT, THEME_STORAGE_KEY, themeBootScript } from '@/lib/design/theme-boot';
