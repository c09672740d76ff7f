'use client';

import {
  FieldError,
  Input,
  Label,
  Text,
  TextArea,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';
import { useHydrated } from './use-hydrated';
import { fieldBox, fieldDescription, fieldError, fieldLabel, fieldReadOnly, focusRing } from './styles';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'className' | 'children'> {
  label: string;
  /** Help shown under the label before the user types (WCAG 3.3.5 help). */
  description?: string;
  /** A server or form-level error; shown and announced, and marks the field invalid. */
  errorMessage?: string;
  multiline?: boolean;
  placeholder?: string;
  className?: string;
}

/**
 * Label, help text, input and error in one: the label is always visible (never a placeholder
 * only), help and error are tied to the input by aria-describedby, the error says what is
 * wrong in words (not colour alone), and `isRequired` is shown as "(required)" in the label.
 * Paste is never blocked (WCAG 3.3.9); set `autoComplete` on personal data (1.3.6).
 */
export function TextField({ label, description, errorMessage, multiline, placeholder, className = '', ...props }: TextFieldProps) {
  const invalid = props.isInvalid ?? (errorMessage ? true : undefined);
  const hydrated = useHydrated();
  // Styled read-only only when the screen asks, not while the page hydrates (no flash).
  const box = `${fieldBox} ${focusRing} ${props.isReadOnly || props.isDisabled ? fieldReadOnly : ''}`;
  return (
    <AriaTextField {...props} isReadOnly={props.isReadOnly || !hydrated} isInvalid={invalid} className={`flex flex-col gap-1 ${className}`}>
      <Label className={fieldLabel}>
        {label}
        {props.isRequired ? <span className="font-normal text-muted"> (required)</span> : null}
      </Label>
      {description ? (
        <Text slot="description" className={fieldDescription}>
          {description}
        </Text>
      ) : null}
      {multiline ? (
        <TextArea placeholder={placeholder} rows={4} className={`${box} py-2 leading-normal`} />
      ) : (
        <Input placeholder={placeholder} className={box} />
      )}
      <FieldError className={fieldError}>{errorMessage}</FieldError>
    </AriaTextField>
  );
}
