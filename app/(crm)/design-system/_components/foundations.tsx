import { contrastRatio } from '@/lib/design/contrast';
import {
  colorRoles,
  elevation,
  nonTextPairs,
  radii,
  space,
  textPairs,
  themes,
  typeScale,
  type ColorToken,
  type ElevationName,
  type ThemeName,
  type TypeStepName,
} from '@/lib/design/tokens';
import { cell, DocTable, headerCell, rowClass } from './doc-table';

// Literal class names, so Tailwind finds them in this file.
const TYPE_CLASS: Record<TypeStepName, string> = {
  caption: 'text-caption',
  'body-sm': 'text-body-sm',
  body: 'text-body',
  'body-lg': 'text-body-lg',
  'title-sm': 'text-title-sm',
  title: 'text-title',
  'title-lg': 'text-title-lg',
  display: 'text-display',
};
const RADIUS_CLASS: Record<keyof typeof radii, string> = {
  sm: 'rounded-sm',
  md: 'rounded-md',
  lg: 'rounded-lg',
  xl: 'rounded-xl',
  full: 'rounded-full',
};
const RADIUS_USE: Record<keyof typeof radii, string> = {
  sm: 'Tags, date segments',
  md: 'Buttons, fields, options',
  lg: 'Cards, tables, menus, notifications',
  xl: 'Dialogs',
  full: 'Pills, initials',
};
const SHADOW_CLASS: Record<ElevationName, string> = { card: 'shadow-card', popover: 'shadow-popover', dialog: 'shadow-dialog' };
const SHADOW_USE: Record<ElevationName, string> = {
  card: 'Cards and tables resting on the page',
  popover: 'Menus, lists and notifications above the page',
  dialog: 'Dialogs above everything',
};
const THEMES: readonly ThemeName[] = ['light', 'dark'];

const ratio = (fg: ColorToken, bg: ColorToken, theme: ThemeName) => `${contrastRatio(themes[theme][fg], themes[theme][bg]).toFixed(1)}:1`;
const rem = (px: number) => `${px / 16} rem`;

function Swatch({ color }: { color: string }) {
  return <span aria-hidden="true" className="inline-block size-6 shrink-0 rounded-sm border border-border align-middle" style={{ background: color }} />;
}

/** The design tokens, each shown as it looks, with the figures that prove it passes. */
export function Foundations() {
  return (
    <>
      <section aria-labelledby="colours-heading" className="flex flex-col gap-4">
        <h2 id="colours-heading" className="text-title">
          Colours
        </h2>
        <p>
          Two themes from one list of tokens (<code>lib/design/tokens.ts</code>). Text reaches 7:1 against every background it is used on;
          the edges of controls and the marks of their state reach 3:1. The <code>line</code> colour is for decorative edges only, such as a
          card or a divider between rows, and never identifies a control. Each figure below is computed from the tokens themselves, and a
          unit test fails when one falls short.
        </p>
        <DocTable id="colour-tokens-caption" caption="Colour tokens in both themes" columns={['Token', 'Used for', 'Light', 'Dark']}>
          {(Object.keys(themes.light) as ColorToken[]).map((token) => (
            <tr key={token} className={rowClass}>
              <th scope="row" className={headerCell}>
                <code>{token}</code>
              </th>
              <td className={cell}>{colorRoles[token]}</td>
              {THEMES.map((t) => (
                <td key={t} className={`${cell} whitespace-nowrap`}>
                  <span className="inline-flex items-center gap-2">
                    <Swatch color={themes[t][token]} />
                    <code>{themes[t][token]}</code>
                  </span>
                </td>
              ))}
            </tr>
          ))}
        </DocTable>
        <DocTable id="text-pairs-caption" caption="Text on background: at least 7:1" columns={['Text on background', 'Light', 'Dark']}>
          {textPairs.map(([fg, bg]) => (
            <tr key={`${fg}-${bg}`} className={rowClass}>
              <th scope="row" className={headerCell}>
                <code>{fg}</code> on <code>{bg}</code>
              </th>
              {THEMES.map((t) => (
                <td key={t} className={cell}>
                  <span
                    className="inline-flex min-w-24 justify-center rounded-md border border-line px-2 font-semibold"
                    style={{ color: themes[t][fg], background: themes[t][bg] }}
                  >
                    {ratio(fg, bg, t)}
                  </span>
                </td>
              ))}
            </tr>
          ))}
        </DocTable>
        <DocTable id="non-text-caption" caption="Edges and state marks: at least 3:1" columns={['Mark against background', 'Light', 'Dark']}>
          {nonTextPairs.map(([fg, bg]) => (
            <tr key={`${fg}-${bg}`} className={rowClass}>
              <th scope="row" className={headerCell}>
                <code>{fg}</code> against <code>{bg}</code>
              </th>
              {THEMES.map((t) => (
                <td key={t} className={`${cell} whitespace-nowrap`}>
                  <span className="inline-flex items-center gap-2">
                    <span aria-hidden="true" className="inline-flex rounded-md p-1.5" style={{ background: themes[t][bg] }}>
                      <span className="block h-5 w-9 rounded-sm" style={{ border: `2px solid ${themes[t][fg]}` }} />
                    </span>
                    {ratio(fg, bg, t)}
                  </span>
                </td>
              ))}
            </tr>
          ))}
        </DocTable>
      </section>

      <section aria-labelledby="type-heading" className="flex flex-col gap-4">
        <h2 id="type-heading" className="text-title">
          Type scale
        </h2>
        <p>
          The phone’s own interface font, so nothing is downloaded before text shows. Each step sets size, line height, weight and letter
          spacing with one class, <code>text-</code> and the step’s name. Body steps keep a line height of at least 1.5; heading steps are
          tighter and are used only on headings.
        </p>
        <DocTable id="type-caption" caption="Type steps" columns={['Step', 'Sample', 'Size, line height, weight', 'Use']}>
          {(Object.entries(typeScale) as [TypeStepName, (typeof typeScale)[TypeStepName]][]).map(([name, s]) => (
            <tr key={name} className={rowClass}>
              <th scope="row" className={`${headerCell} whitespace-nowrap`}>
                <code>{name}</code>
              </th>
              <td className={cell}>
                <span className={TYPE_CLASS[name]}>Fleet renewal</span>
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                {s.size * 16} px, {s.lineHeight}, {s.weight}
              </td>
              <td className={cell}>{s.use}</td>
            </tr>
          ))}
        </DocTable>
      </section>

      <section aria-labelledby="space-heading" className="flex flex-col gap-4">
        <h2 id="space-heading" className="text-title">
          Spacing
        </h2>
        <p>
          A 4 pixel grid. Tailwind’s number classes are the same grid (<code>p-4</code> is 16 pixels), so the steps name them; the roles are
          classes of their own for the spaces every screen repeats.
        </p>
        <DocTable id="space-steps-caption" caption="Spacing steps" columns={['Step', 'Size', 'Class', 'Length']}>
          {Object.entries(space.steps).map(([name, px]) => (
            <tr key={name} className={rowClass}>
              <th scope="row" className={headerCell}>
                <code>{name}</code>
              </th>
              <td className={`${cell} whitespace-nowrap`}>
                {px} px, {rem(px)}
              </td>
              <td className={cell}>
                <code>{`p-${px / space.unit}`}</code>
              </td>
              <td className={cell}>
                <span aria-hidden="true" className="block h-3 rounded-sm bg-primary" style={{ width: px }} />
              </td>
            </tr>
          ))}
        </DocTable>
        <DocTable id="space-roles-caption" caption="Spacing roles" columns={['Role', 'Size', 'Class']}>
          {Object.entries(space.roles).map(([name, px]) => (
            <tr key={name} className={rowClass}>
              <th scope="row" className={headerCell}>
                <code>{name}</code>
              </th>
              <td className={`${cell} whitespace-nowrap`}>{px} px</td>
              <td className={cell}>
                <code>{`gap-${name}`}</code>, <code>{`p-${name}`}</code>
              </td>
            </tr>
          ))}
        </DocTable>
      </section>

      <section aria-labelledby="shape-heading" className="flex flex-col gap-4">
        <h2 id="shape-heading" className="text-title">
          Corners and elevation
        </h2>
        <p>
          Rounder corners for larger things. Shadows only separate layers: nothing relies on a shadow alone, and in the dark theme lighter
          surfaces do most of that work.
        </p>
        <h3 className="text-title-sm">Corner radii</h3>
        <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
          {(Object.keys(radii) as (keyof typeof radii)[]).map((name) => (
            <li key={name} className="flex flex-col gap-2">
              <span aria-hidden="true" className={`block h-14 w-20 border border-border bg-surface ${RADIUS_CLASS[name]}`} />
              <span>
                <code>{RADIUS_CLASS[name]}</code>, {name === 'full' ? 'round' : `${radii[name]} px`}: {RADIUS_USE[name]}
              </span>
            </li>
          ))}
        </ul>
        <h3 className="text-title-sm">Elevation</h3>
        <ul className="grid gap-4 sm:grid-cols-3">
          {(Object.keys(elevation.light) as ElevationName[]).map((name) => (
            <li key={name} className={`rounded-lg border border-line bg-raised p-inset ${SHADOW_CLASS[name]}`}>
              <code>{SHADOW_CLASS[name]}</code>: {SHADOW_USE[name]}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
