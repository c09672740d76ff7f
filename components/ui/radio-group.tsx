'use client';

import {
  FieldError,
  Label,
  Radio,
  RadioGroup as AriaRadioGroup,
  Text,
  type RadioGroupProps as AriaRadioGroupProps,
} from 'react-aria-components';
import type { Option } from './select';
import { fieldDescription, fieldError, fieldLabel, focusRing } from './styles';
import { useHydrated } from './use-hydrated';

export interface RadioGroupProps extends Omit<AriaRadioGroupProps, 'className' | 'children'> {
  label: string;
  options: readonly Option[];
  description?: string;
  errorMessage?: string;
  className?: string;
}

/** One choice out of a few, all visible. Arrow keys move between options; Tab leaves the group. */
export function RadioGroup({ label, options, description, errorMessage, className = '', ...props }: RadioGroupProps) {
  const invalid = props.isInvalid ?? (errorMessage ? true : undefined);
  const hydrated = useHydrated();
  return (
    <AriaRadioGroup {...props} isReadOnly={props.isReadOnly || !hydrated} isInvalid={invalid} className={`flex flex-col gap-1 ${className}`}>
      <Label className={fieldLabel}>
        {label}
        {props.isRequired ? <span className="font-normal text-muted"> (required)</span> : null}
      </Label>
      {description ? (
        <Text slot="description" className={fieldDescription}>
          {description}
        </Text>
      ) : null}
      <div className="flex flex-wrap gap-x-4">
        {options.map((o) => (
          <Radio key={o.id} value={o.id} className="group flex min-h-target min-w-target cursor-default items-center gap-3 text-text">
            {({ isSelected, isFocusVisible }) => (
              <>
                <span
                  aria-hidden="true"
                  data-focus-visible={isFocusVisible || undefined}
                  className={`${focusRing} flex h-6 w-6 shrink-0 items-center justify-center rounded-full border-2 bg-bg transition-colors group-data-[invalid]:border-danger group-data-[disabled]:border-dashed ${
                    isSelected ? 'border-primary' : 'border-border group-data-[hovered]:border-text'
                  }`}
                >
                  {isSelected ? <span className="h-3 w-3 rounded-full bg-primary" /> : null}
                </span>
                {o.label}
              </>
            )}
          </Radio>
        ))}
      </div>
      <FieldError className={fieldError}>{errorMessage}</FieldError>
    </AriaRadioGroup>
  );
}
