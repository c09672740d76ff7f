// Shared with the browser: class strings every control in components/ui uses, so sizes,
// colours and focus look the same everywhere. Colours come only from the design tokens
// (lib/design/tokens.ts); docs/design-system.md says which to use where.

/**
 * React Aria marks keyboard focus with `data-focus-visible`; native `:focus-visible` (set
 * in tailwind.config.ts) covers plain elements. Both draw the same 3 px ring (WCAG 2.4.13).
 */
export const focusRing =
  'outline-none data-[focus-visible]:outline-solid data-[focus-visible]:outline-3 data-[focus-visible]:outline-offset-2 data-[focus-visible]:outline-focus';

/** At least 44x44 CSS px (WCAG 2.5.5). */
export const target = 'min-h-target min-w-target';

export const fieldLabel = 'font-semibold text-text';
export const fieldDescription = 'text-body-sm text-muted';
export const fieldError = 'text-body-sm font-semibold text-danger';

/**
 * Text inputs and the trigger buttons of pickers share one box. Its 1 px `border` reaches 3:1
 * (it identifies the field, WCAG 1.4.11); an invalid field doubles it in the danger colour,
 * beside its error in words.
 */
export const fieldBox =
  'min-h-target w-full rounded-md border border-border bg-bg px-3 text-base text-text shadow-xs transition-colors placeholder:text-muted data-[hovered]:border-text data-[invalid]:border-danger data-[invalid]:shadow-[inset_0_0_0_1px_var(--c-danger)]';

/** A read-only or disabled field: a tinted, dashed box (its help text says why). Set from the
 * props, not from the hydration guard, so fields do not flash grey while the page loads. */
export const fieldReadOnly = 'border-dashed bg-surface! shadow-none!';

/** Menus and list boxes float on a soft shadow; the 3:1 border still outlines them in dark. */
export const popover = 'rounded-lg border border-border bg-raised text-text shadow-popover';

/** A card: raised, a decorative hairline edge (identifies nothing) and a soft shadow. */
export const card = 'rounded-lg border border-line bg-raised shadow-card';

/** A lucide icon beside a label: 20 px, hidden from assistive technology by the caller. */
export const icon = 'size-icon shrink-0';

/** Options in list boxes and menus: the focused one is filled and ringed, the selected one ticked. */
export const option =
  'flex min-h-target cursor-default items-center gap-2 rounded-md px-3 text-text outline-none data-[hovered]:bg-surface data-[focused]:bg-selected data-[focused]:outline-solid data-[focused]:outline-2 data-[focused]:-outline-offset-2 data-[focused]:outline-focus data-[disabled]:text-muted';
