// Shared with the browser and the build (tailwind.config.ts): the one place for colours,
// type, spacing, radii, elevation, icons and sizes. The test beside this file proves every
// pair we use for text reaches 7:1 (WCAG 1.4.6), every control boundary and state indicator
// 3:1 (1.4.11), the focus ring 3:1 against what surrounds it (2.4.13), and body text a line
// height of 1.5 (1.4.8). docs/design-system.md says how to use them.

export const themes = {
  light: {
    bg: '#ffffff',
    surface: '#f1f3f6',
    raised: '#ffffff',
    /** Boundaries that identify a control or its state (fields, buttons, checkboxes): 3:1 or more. */
    border: '#767d89',
    /** Decorative edges and dividers that identify nothing (cards, table rows): no contrast duty. */
    line: '#e1e4ea',
    text: '#111418',
    muted: '#3b4049',
    primary: '#173a8c',
    primaryHover: '#122e70',
    primarySoft: '#e8eefb',
    onPrimary: '#ffffff',
    danger: '#8a1010',
    dangerHover: '#6e0c0c',
    dangerSoft: '#fbeaea',
    onDanger: '#ffffff',
    success: '#0b5321',
    successSoft: '#e6f4ea',
    warning: '#6b3f00',
    warningSoft: '#fdf1dc',
    link: '#173a8c',
    focus: '#5a189a',
    selected: '#dbe6ff',
  },
  dark: {
    bg: '#0c0f16',
    surface: '#161b25',
    raised: '#1d2330',
    border: '#7d8696',
    line: '#2c3342',
    text: '#f4f6f9',
    muted: '#cdd2da',
    primary: '#a9c4ff',
    primaryHover: '#c4d6ff',
    primarySoft: '#1b2a48',
    onPrimary: '#0c0f16',
    danger: '#ffb3ad',
    dangerHover: '#ffc9c4',
    dangerSoft: '#3a1b1b',
    onDanger: '#0c0f16',
    success: '#8fe3a5',
    successSoft: '#15301f',
    warning: '#ffd27a',
    warningSoft: '#33270f',
    link: '#a9c4ff',
    focus: '#ffd166',
    selected: '#24324f',
  },
} as const;

export type ThemeName = keyof typeof themes;
export type ColorToken = keyof (typeof themes)['light'];

/** What each colour is for, shown on the design-system page. */
export const colorRoles: Record<ColorToken, string> = {
  bg: 'Page background',
  surface: 'Bands, table headers, hover fill',
  raised: 'Cards, dialogs, menus, secondary buttons',
  border: 'Edges of fields, buttons, checkboxes (3:1)',
  line: 'Decorative edges and dividers only',
  text: 'Body text and headings',
  muted: 'Secondary text: help, captions, meta',
  primary: 'Primary buttons, selected marks, accents',
  primaryHover: 'Primary button under the pointer',
  primarySoft: 'Tinted background for highlights and badges',
  onPrimary: 'Text on primary',
  danger: 'Errors and destructive actions',
  dangerHover: 'Danger button under the pointer',
  dangerSoft: 'Tinted background for error summaries',
  onDanger: 'Text on danger',
  success: 'Done, synced',
  successSoft: 'Tinted background for success notes',
  warning: 'Needs attention',
  warningSoft: 'Tinted background for warnings',
  link: 'Links',
  focus: 'Keyboard focus ring',
  selected: 'Focused or selected row and option',
};

/** Foreground/background pairs the UI uses for text; each must reach 7:1 in both themes. */
export const textPairs: ReadonlyArray<readonly [fg: ColorToken, bg: ColorToken]> = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['text', 'raised'],
  ['text', 'selected'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['muted', 'raised'],
  ['onPrimary', 'primary'],
  ['onPrimary', 'primaryHover'],
  ['onDanger', 'danger'],
  ['onDanger', 'dangerHover'],
  ['danger', 'bg'],
  ['danger', 'surface'],
  ['danger', 'raised'],
  ['success', 'bg'],
  ['success', 'surface'],
  ['success', 'raised'],
  ['warning', 'bg'],
  ['warning', 'surface'],
  ['warning', 'raised'],
  ['link', 'bg'],
  ['link', 'surface'],
  ['link', 'raised'],
  ['primary', 'bg'],
  ['primary', 'raised'],
  ['primary', 'primarySoft'],
  ['text', 'primarySoft'],
  ['muted', 'primarySoft'],
  ['danger', 'dangerSoft'],
  ['text', 'dangerSoft'],
  ['muted', 'dangerSoft'],
  ['success', 'successSoft'],
  ['text', 'successSoft'],
  ['muted', 'successSoft'],
  ['warning', 'warningSoft'],
  ['text', 'warningSoft'],
  ['muted', 'warningSoft'],
];

/**
 * Non-text pairs (WCAG 1.4.11): a control's boundary or a state mark against what it sits on;
 * each must reach 3:1 in both themes. `line` is absent on purpose: it never identifies anything.
 */
export const nonTextPairs: ReadonlyArray<readonly [fg: ColorToken, bg: ColorToken]> = [
  ['border', 'bg'],
  ['border', 'surface'],
  ['border', 'raised'],
  ['border', 'selected'],
  ['primary', 'bg'],
  ['primary', 'surface'],
  ['primary', 'raised'],
  ['primaryHover', 'bg'],
  ['primaryHover', 'raised'],
  ['danger', 'bg'],
  ['danger', 'surface'],
  ['danger', 'raised'],
  ['dangerHover', 'bg'],
  ['success', 'raised'],
  ['warning', 'raised'],
];

/** Backgrounds a focus ring can sit on; the ring must reach 3:1 against each. */
export const focusNeighbours: readonly ColorToken[] = [
  'bg',
  'surface',
  'raised',
  'selected',
  'primarySoft',
  'dangerSoft',
  'successSoft',
  'warningSoft',
];

/** Sizes in CSS px. */
export const sizes = {
  target: 44, // WCAG 2.5.5 AAA minimum target edge
  focusRing: 3, // outline width; 2.4.13 asks for at least 2
  focusOffset: 2,
} as const;

/**
 * The font stack: the phone's own UI font (San Francisco, Roboto, Segoe UI Variable), so the
 * first load downloads no font and text renders at once in the face people read all day.
 */
export const fontFamily = {
  sans: [
    'system-ui',
    '-apple-system',
    'BlinkMacSystemFont',
    '"Segoe UI Variable Text"',
    '"Segoe UI"',
    'Roboto',
    '"Noto Sans"',
    '"Helvetica Neue"',
    'Arial',
    'sans-serif',
    '"Apple Color Emoji"',
    '"Segoe UI Emoji"',
  ],
  mono: ['ui-monospace', '"SF Mono"', '"Cascadia Mono"', '"Roboto Mono"', 'Menlo', 'Consolas', 'monospace'],
} as const;

export interface TypeStep {
  /** rem */
  size: number;
  /** Unitless line height: at least 1.5 for body steps (WCAG 1.4.8). */
  lineHeight: number;
  weight: number;
  /** em; negative tightens large headings. */
  tracking: number;
  /** `body` steps may hold paragraphs, labels and cells; `heading` steps only h1 to h6. */
  kind: 'body' | 'heading';
  use: string;
}

/**
 * The type scale, a 1.125 to 1.25 ratio from a 16 px body. Utilities: `text-<step>` sets
 * size, line height, weight and tracking together (e.g. `text-title`).
 */
export const typeScale = {
  caption: { size: 0.8125, lineHeight: 1.5, weight: 400, tracking: 0.005, kind: 'body', use: 'Meta lines, counts, timestamps' },
  'body-sm': { size: 0.875, lineHeight: 1.5, weight: 400, tracking: 0, kind: 'body', use: 'Help text, errors, table headers' },
  body: { size: 1, lineHeight: 1.5, weight: 400, tracking: 0, kind: 'body', use: 'Everything else' },
  'body-lg': { size: 1.125, lineHeight: 1.5, weight: 400, tracking: 0, kind: 'body', use: 'Lead paragraph, key figures in text' },
  'title-sm': { size: 1.125, lineHeight: 1.4, weight: 600, tracking: -0.005, kind: 'heading', use: 'Section headings (h2 on record pages)' },
  title: { size: 1.25, lineHeight: 1.35, weight: 650, tracking: -0.01, kind: 'heading', use: 'Dialog and card titles' },
  'title-lg': { size: 1.5, lineHeight: 1.3, weight: 700, tracking: -0.015, kind: 'heading', use: 'Page titles (h1)' },
  display: { size: 2, lineHeight: 1.25, weight: 700, tracking: -0.02, kind: 'heading', use: 'A record’s name, headline figures' },
} as const satisfies Record<string, TypeStep>;

export type TypeStepName = keyof typeof typeScale;

/**
 * Spacing on a 4 px grid. Tailwind's numeric utilities are the same grid (`p-4` is 16 px,
 * its `--spacing` is 0.25rem), so `steps` name them; `roles` are utilities of their own
 * (`gap-stack`, `p-inset`, `mt-section`) for the spaces every screen repeats.
 */
export const space = {
  unit: 4,
  steps: { '3xs': 2, '2xs': 4, xs: 8, sm: 12, md: 16, lg: 24, xl: 32, '2xl': 48, '3xl': 64 },
  roles: {
    cluster: 8, // between buttons or chips in a row
    stack: 16, // between fields of a form
    inset: 16, // inside a card or dialog
    gutter: 16, // page edge on a phone
    section: 32, // between sections of a page
  },
} as const;

/** Corner radii in px. Tailwind's `rounded-sm|md|lg|xl` take these values. */
export const radii = {
  sm: 4, // tags, inline marks
  md: 8, // controls: buttons, fields, options
  lg: 12, // cards, tables, popovers, toasts
  xl: 16, // dialogs
  full: 9999, // pills, avatars
} as const;

/**
 * Elevation: soft shadows that separate layers. They never carry meaning alone (a popover also
 * has a 3:1 border); the dark theme relies on lighter surfaces more than on shadows.
 */
export const elevation = {
  light: {
    card: '0 1px 2px 0 rgb(17 20 24 / 0.05), 0 1px 3px 0 rgb(17 20 24 / 0.07)',
    popover: '0 4px 8px -2px rgb(17 20 24 / 0.10), 0 2px 4px -2px rgb(17 20 24 / 0.06)',
    dialog: '0 20px 24px -4px rgb(17 20 24 / 0.12), 0 8px 8px -4px rgb(17 20 24 / 0.05)',
  },
  dark: {
    card: '0 1px 2px 0 rgb(0 0 0 / 0.40)',
    popover: '0 4px 10px -2px rgb(0 0 0 / 0.55)',
    dialog: '0 20px 28px -4px rgb(0 0 0 / 0.60)',
  },
} as const;

export type ElevationName = keyof (typeof elevation)['light'];

/**
 * The icon set: lucide-react, tree-shaken (only imported icons ship). Icons draw in
 * `currentColor`, so they inherit a text colour that passes 7:1, and are always
 * `aria-hidden` beside a visible or accessible label, never the only name of a control.
 */
export const icons = {
  library: 'lucide-react',
  /** px; utilities `size-icon-sm`, `size-icon`, `size-icon-lg`. */
  sizes: { sm: 16, md: 20, lg: 24 },
  strokeWidth: 2,
} as const;
