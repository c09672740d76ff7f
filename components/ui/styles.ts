// Shared with the browser: class strings every control in components/ui uses, so sizes,
// colours and focus look the same everywhere. Colours come only from the design tokens.

/**
 * React Aria marks keyboard focus with `data-focus-visible`; native `:focus-visible` (set
 * in tailwind.config.ts) covers plain elements. Both draw the same 3 px ring (WCAG 2.4.13).
 */
export const focusRing =
  'outline-none data-[focus-visible]:outline-solid data-[focus-visible]:outline-3 data-[focus-visible]:outline-offset-2 data-[focus-visible]:outline-focus';

/** At least 44x44 CSS px (WCAG 2.5.5). */
export const target = 'min-h-target min-w-target';

export const fieldLabel = 'font-semibold text-text';
export const fieldDescription = 'text-sm text-muted';
export const fieldError = 'text-sm font-semibold text-danger';

/** Text inputs and the trigger buttons of pickers share one box. */
export const fieldBox =
  'min-h-target w-full rounded-md border-2 border-border bg-bg px-3 text-base text-text placeholder:text-muted data-[invalid]:border-danger';

export const popover = 'rounded-md border-2 border-border bg-raised text-text shadow-lg';

/** Options in list boxes and menus: the focused one is filled and ringed, the selected one ticked. */
export const option =
  'flex min-h-target cursor-default items-center gap-2 rounded px-3 text-text outline-none data-[focused]:bg-selected data-[focused]:outline-solid data-[focused]:outline-2 data-[focused]:-outline-offset-2 data-[focused]:outline-focus data-[disabled]:text-muted';
