'use client';

import { Check, ChevronDown } from 'lucide-react';
import {
  Button as AriaButton,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select as AriaSelect,
  SelectValue,
  Text,
  type Key,
  type SelectProps as AriaSelectProps,
} from 'react-aria-components';
import { fieldBox, fieldDescription, fieldError, fieldLabel, fieldReadOnly, focusRing, icon, option, popover } from './styles';
import { useHydrated } from './use-hydrated';

export interface Option {
  id: string;
  label: string;
}

export interface SelectProps extends Omit<AriaSelectProps<Option>, 'className' | 'children' | 'items'> {
  label: string;
  options: readonly Option[];
  description?: string;
  errorMessage?: string;
  className?: string;
}

/** Pick one of a short list. Keyboard: Enter/Space/Alt+Down open, arrows move, type-ahead jumps. */
export function Select({ label, options, description, errorMessage, className = '', ...props }: SelectProps) {
  const invalid = props.isInvalid ?? (errorMessage ? true : undefined);
  const hydrated = useHydrated();
  return (
    <AriaSelect {...props} isDisabled={props.isDisabled || !hydrated} isInvalid={invalid} className={`flex flex-col gap-1 ${className}`}>
      <Label className={fieldLabel}>
        {label}
        {props.isRequired ? <span className="font-normal text-muted"> (required)</span> : null}
      </Label>
      {description ? (
        <Text slot="description" className={fieldDescription}>
          {description}
        </Text>
      ) : null}
      <AriaButton className={`${fieldBox} ${focusRing} ${props.isDisabled ? fieldReadOnly : ''} flex items-center justify-between gap-2 text-start`}>
        <SelectValue className="data-[placeholder]:text-muted" />
        <ChevronDown aria-hidden="true" className={`${icon} text-muted`} strokeWidth={2} />
      </AriaButton>
      <FieldError className={fieldError}>{errorMessage}</FieldError>
      <Popover className={`${popover} min-w-(--trigger-width) overflow-auto p-1`}>
        <ListBox items={options} className="outline-none">
          {(item) => <OptionItem item={item} />}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}

/** One option of a Select or ComboBox: a tick shows selection, not colour alone. */
export function OptionItem({ item }: { item: Option }) {
  return (
    <ListBoxItem id={item.id} textValue={item.label} className={`${option} data-[selected]:font-semibold`}>
      {({ isSelected }) => (
        <>
          <span aria-hidden="true" className="flex w-icon shrink-0 justify-center text-primary">
            {isSelected ? <Check className="size-icon-sm" strokeWidth={3} /> : null}
          </span>
          {item.label}
        </>
      )}
    </ListBoxItem>
  );
}

export type { Key };
