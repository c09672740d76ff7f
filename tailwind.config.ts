import type { Config } from 'tailwindcss';
import plugin from 'tailwindcss/plugin';
import { sizes, themes, type ColorToken } from './lib/design/tokens';

function cssVars(theme: Record<ColorToken, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(theme).map(([k, v]) => [`--c-${k}`, v]));
}

const colorNames = Object.keys(themes.light) as ColorToken[];

// Colours are CSS variables set from lib/design/tokens.ts, so light/dark switch without
// duplicating utilities and the tokens file stays the only place a colour is written.
export default {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: Object.fromEntries(colorNames.map((n) => [n, `var(--c-${n})`])),
      minHeight: { target: `${sizes.target}px` },
      minWidth: { target: `${sizes.target}px` },
      spacing: { target: `${sizes.target}px` },
      maxWidth: { prose: '70ch' },
      // WCAG 1.4.8: body text at least 1.5 line height at every size (Tailwind's default
      // for text-sm is 1.43).
      fontSize: {
        xs: ['0.75rem', { lineHeight: '1.5' }],
        sm: ['0.875rem', { lineHeight: '1.5' }],
        base: ['1rem', { lineHeight: '1.5' }],
        lg: ['1.125rem', { lineHeight: '1.5' }],
        xl: ['1.25rem', { lineHeight: '1.5' }],
      },
    },
  },
  plugins: [
    plugin(({ addBase }) => {
      addBase({
        ':root': { ...cssVars(themes.light), colorScheme: 'light' },
        '@media (prefers-color-scheme: dark)': {
          ':root:not([data-theme="light"])': { ...cssVars(themes.dark), colorScheme: 'dark' },
        },
        ':root[data-theme="dark"]': { ...cssVars(themes.dark), colorScheme: 'dark' },
        ':focus-visible': {
          outline: `${sizes.focusRing}px solid var(--c-focus)`,
          outlineOffset: `${sizes.focusOffset}px`,
        },
      });
    }),
  ],
} satisfies Config;
