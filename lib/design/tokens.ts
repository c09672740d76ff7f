// Shared with the browser and the build (tailwind.config.ts): the one place for colours,
// sizes and motion. The contrast test beside this file proves every pair we use for text
// reaches 7:1 (WCAG 1.4.6) and the focus ring 3:1 against what surrounds it (2.4.13).

export const themes = {
  light: {
    bg: '#ffffff',
    surface: '#f1f3f6',
    raised: '#ffffff',
    border: '#5c6370',
    text: '#111418',
    muted: '#3b4049',
    primary: '#173a8c',
    onPrimary: '#ffffff',
    danger: '#8a1010',
    onDanger: '#ffffff',
    success: '#0b5321',
    warning: '#6b3f00',
    link: '#173a8c',
    focus: '#5a189a',
    selected: '#dbe6ff',
  },
  dark: {
    bg: '#0c0f16',
    surface: '#161b25',
    raised: '#1d2330',
    border: '#9aa3b2',
    text: '#f4f6f9',
    muted: '#cdd2da',
    primary: '#a9c4ff',
    onPrimary: '#0c0f16',
    danger: '#ffb3ad',
    onDanger: '#0c0f16',
    success: '#8fe3a5',
    warning: '#ffd27a',
    link: '#a9c4ff',
    focus: '#ffd166',
    selected: '#24324f',
  },
} as const;

export type ThemeName = keyof typeof themes;
export type ColorToken = keyof (typeof themes)['light'];

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
  ['onDanger', 'danger'],
  ['danger', 'bg'],
  ['danger', 'surface'],
  ['success', 'bg'],
  ['success', 'surface'],
  ['warning', 'bg'],
  ['warning', 'surface'],
  ['link', 'bg'],
  ['link', 'surface'],
  ['primary', 'bg'],
];

/** Backgrounds a focus ring can sit on; the ring must reach 3:1 against each. */
export const focusNeighbours: readonly ColorToken[] = ['bg', 'surface', 'raised', 'selected'];

/** Sizes in CSS px. */
export const sizes = {
  target: 44, // WCAG 2.5.5 AAA minimum target edge
  focusRing: 3, // outline width; 2.4.13 asks for at least 2
  focusOffset: 2,
} as const;
