import type { Config } from 'tailwindcss';
import plugin from 'tailwindcss/plugin';
import { elevation, fontFamily, icons, radii, sizes, space, themes, typeScale, type ColorToken, type ElevationName } from './lib/design/tokens';

function cssVars(theme: Record<ColorToken, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(theme).map(([k, v]) => [`--c-${k}`, v]));
}

function shadowVars(shadows: Record<ElevationName, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(shadows).map(([k, v]) => [`--e-${k}`, v]));
}

const colorNames = Object.keys(themes.light) as ColorToken[];
const px = (n: number) => `${n}px`;
const rem = (n: number) => `${n}rem`;

// `text-<step>` of the type scale: size, line height, weight and tracking in one utility.
const typeUtilities = Object.fromEntries(
  Object.entries(typeScale).map(([name, s]) => [
    name,
    [rem(s.size), { lineHeight: String(s.lineHeight), fontWeight: String(s.weight), letterSpacing: s.tracking ? `${s.tracking}em` : '0em' }],
  ]),
);

const light = { ...cssVars(themes.light), ...shadowVars(elevation.light) };
const dark = { ...cssVars(themes.dark), ...shadowVars(elevation.dark) };

// Colours and shadows are CSS variables set from lib/design/tokens.ts, so light/dark switch
// without duplicating utilities and the tokens file stays the only place a value is written.
export default {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: Object.fromEntries(colorNames.map((n) => [n, `var(--c-${n})`])),
      minHeight: { target: px(sizes.target) },
      minWidth: { target: px(sizes.target) },
      spacing: {
        target: px(sizes.target),
        ...Object.fromEntries(Object.entries(space.roles).map(([k, v]) => [k, px(v)])),
        'icon-sm': px(icons.sizes.sm),
        icon: px(icons.sizes.md),
        'icon-lg': px(icons.sizes.lg),
      },
      maxWidth: { prose: '70ch' },
      borderRadius: {
        sm: px(radii.sm),
        md: px(radii.md),
        lg: px(radii.lg),
        xl: px(radii.xl),
        control: px(radii.md),
        card: px(radii.lg),
      },
      boxShadow: Object.fromEntries(Object.keys(elevation.light).map((k) => [k, `var(--e-${k})`])),
      fontFamily: { sans: [...fontFamily.sans], mono: [...fontFamily.mono] },
      // WCAG 1.4.8: body text at least 1.5 line height at every size (Tailwind's default
      // for text-sm is 1.43). The older names stay for the screens that use them.
      fontSize: {
        xs: ['0.75rem', { lineHeight: '1.5' }],
        sm: ['0.875rem', { lineHeight: '1.5' }],
        base: ['1rem', { lineHeight: '1.5' }],
        lg: ['1.125rem', { lineHeight: '1.5' }],
        xl: ['1.25rem', { lineHeight: '1.5' }],
        ...typeUtilities,
      },
    },
  },
  plugins: [
    plugin(({ addBase }) => {
      addBase({
        ':root': { ...light, colorScheme: 'light' },
        '@media (prefers-color-scheme: dark)': {
          ':root:not([data-theme="light"])': { ...dark, colorScheme: 'dark' },
        },
        ':root[data-theme="dark"]': { ...dark, colorScheme: 'dark' },
        html: { fontFamily: fontFamily.sans.join(', ') },
        ':focus-visible': {
          outline: `${sizes.focusRing}px solid var(--c-focus)`,
          outlineOffset: `${sizes.focusOffset}px`,
        },
      });
    }),
  ],
} satisfies Config;
