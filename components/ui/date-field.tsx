'use client';

import { parseDate, type DateValue } from '@internationalized/date';
import {
  DateField as AriaDateField,
  DateInput,
  DateSegment,
  FieldError,
  Label,
  Text,
  type DateFieldProps as AriaDateFieldProps,
} from 'react-aria-components';
import { useHydrated } from './use-hydrated';
import { fieldDescription, fieldError, fieldLabel, fieldReadOnly, focusRing } from './styles';

export interface DateFieldProps extends Omit<AriaDateFieldProps<DateValue>, 'className' | 'children'> {
  label: string;
  description?: string;
  errorMessage?: string;
  className?: string;
}

/**
 * A date typed segment by segment (arrows or digits), in the user's locale order. Each
 * segment is its own 44x44 px target, so it can be tapped as well as typed (WCAG 2.5.5).
 */
export function DateField({ label, description, errorMessage, className = '', ...props }: DateFieldProps) {
  const invalid = props.isInvalid ?? (errorMessage ? true : undefined);
  const hydrated = useHydrated();
  return (
    <AriaDateField {...props} isReadOnly={props.isReadOnly || !hydrated} isInvalid={invalid} className={`flex flex-col gap-1 ${className}`}>
      <Label className={fieldLabel}>
        {label}
        {props.isRequired ? <span className="font-normal text-muted"> (required)</span> : null}
      </Label>
      {description ? (
        <Text slot="description" className={fieldDescription}>
          {description}
        </Text>
      ) : null}
      <DateInput
        className={`flex w-fit flex-wrap items-center rounded-md border border-border bg-bg px-1 shadow-xs transition-colors data-[hovered]:border-text data-[invalid]:border-danger data-[invalid]:shadow-[inset_0_0_0_1px_var(--c-danger)] ${props.isReadOnly || props.isDisabled ? fieldReadOnly : ''}`}
      >
        {(segment) => (
          <DateSegment
            segment={segment}
            className={`${focusRing} inline-flex min-h-target items-center justify-center rounded-sm px-1 tabular-nums text-text data-[type=literal]:min-w-0 data-[type=literal]:px-0 data-[placeholder]:text-muted data-[focused]:bg-selected [&:not([data-type=literal])]:min-w-target`}
          />
        )}
      </DateInput>
      <FieldError className={fieldError}>{errorMessage}</FieldError>
    </AriaDateField>
  );
}

/** A date field's value from a YYYY-MM-DD string (a form value or a stored draft); null when empty or unreadable. */
export function dayValue(day: string | null | undefined): DateValue | null {
  try {
    return day ? parseDate(day) : null;
  } catch {
    return null;
  }
}
