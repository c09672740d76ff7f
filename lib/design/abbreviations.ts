// Shared with the browser and the a11y suite: every abbreviation the UI shows, with its
// expansion (WCAG 3.1.4). The scan fails when one of these appears on a page that does not
// expand it in an <abbr title> element, so adding a term here is how you make it allowed.

export const ABBREVIATIONS = {
  CRM: 'customer relationship management',
  AI: 'artificial intelligence',
  CSV: 'comma-separated values',
  TOTP: 'time-based one-time password',
  API: 'application programming interface',
  URL: 'web address',
} as const;

export type Abbreviation = keyof typeof ABBREVIATIONS;
