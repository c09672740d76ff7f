'use client';

import type { Ref } from 'react';

export interface SummaryProblem {
  /** Names the field (`data-field` on its wrapper) that the entry moves focus to. */
  field: string;
  message: string;
}

/**
 * The problems of a submitted form, above it: one entry per field, each a button that moves
 * focus to the field (WCAG 3.3.1, 3.3.3). The form focuses it after a failed submit (`ref`),
 * and role="alert" reads it out as it appears.
 */
export function ErrorSummary({ id, problems, onGoTo, ref }: { id: string; problems: readonly SummaryProblem[]; onGoTo: (field: string) => void; ref?: Ref<HTMLDivElement> }) {
  if (problems.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby={`${id}-heading`} className="flex flex-col gap-1 rounded-lg border-2 border-danger bg-surface p-inset outline-none focus-visible:outline-solid focus-visible:outline-3 focus-visible:outline-focus">
      <h3 id={`${id}-heading`} className="text-title-sm text-danger">
        {problems.length === 1 ? 'There is 1 problem' : `There are ${problems.length} problems`} with this form
      </h3>
      <ul className="flex flex-col">
        {problems.map((p, i) => (
          <li key={`${i}-${p.field}`}>
            <button type="button" onClick={() => onGoTo(p.field)} className="min-h-target text-start text-link underline underline-offset-4">
              {p.message}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Focuses the first control inside the `data-field` wrapper named `field`, within `root`. */
export function focusField(root: HTMLElement | null, field: string): void {
  const box = root?.querySelector(`[data-field="${field}"]`);
  box?.querySelector<HTMLElement>('input, textarea, button, [role="spinbutton"]')?.focus();
}
