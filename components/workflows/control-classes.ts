// The builder's control styles, in one place for every form part of it (44 px targets).
export const inputClass = 'min-h-target w-full rounded border border-border bg-bg px-2 text-text';
export const buttonClass = 'min-h-target min-w-target rounded border border-border bg-surface px-3 text-text hover:bg-selected';
export const primaryButtonClass = 'min-h-target min-w-target rounded bg-primary px-3 font-semibold text-onPrimary';
