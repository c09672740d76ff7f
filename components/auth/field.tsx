import type { InputHTMLAttributes } from 'react';

/** A labelled text input with its hint and error wired to aria-describedby (WCAG 1.3.1, 3.3.1). */
export function Field({ id, label, hint, error, ...input }: { id: string; label: string; hint?: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-muted text-sm">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="min-h-target rounded-md border border-border bg-bg px-3 text-text"
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="text-danger text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The one alert region of a form: announced when a message appears. */
export function FormMessage({ message, tone = 'danger' }: { message?: string; tone?: 'danger' | 'success' }) {
  return (
    <div role={tone === 'danger' ? 'alert' : 'status'} className={tone === 'danger' ? 'text-danger font-semibold' : 'text-success font-semibold'}>
      {message}
    </div>
  );
}

export const buttonClass = 'min-h-target min-w-target rounded-md bg-primary px-4 font-semibold text-onPrimary';
export const secondaryButtonClass = 'min-h-target min-w-target rounded-md border border-border bg-surface px-4 font-semibold text-text';
