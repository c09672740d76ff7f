'use client';

import {
  Button as AriaButton,
  ComboBox as AriaComboBox,
  FieldError,
  Group,
  Input,
  Label,
  ListBox,
  Popover,
  Text,
  type ComboBoxProps as AriaComboBoxProps,
} from 'react-aria-components';
import { useHydrated } from './use-hydrated';
import { OptionItem, type Option } from './select';
import { fieldDescription, fieldError, fieldLabel, focusRing, popover, target } from './styles';

export interface ComboBoxProps extends Omit<AriaComboBoxProps<Option>, 'className' | 'children' | 'items' | 'defaultItems'> {
  label: string;
  options: readonly Option[];
  description?: string;
  errorMessage?: string;
  className?: string;
}

/**
 * Type to filter a long list (companies, owners). The list never opens by itself on focus:
 * it opens on typing, Alt+Down or the button, so moving through a form causes no change of
 * context (WCAG 3.2.5).
 */
export function ComboBox({ label, options, description, errorMessage, className = '', ...props }: ComboBoxProps) {
  const invalid = props.isInvalid ?? (errorMessage ? true : undefined);
  const hydrated = useHydrated();
  return (
    <AriaComboBox {...props} isReadOnly={props.isReadOnly || !hydrated} defaultItems={options} isInvalid={invalid} className={`flex flex-col gap-1 ${className}`}>
      <Label className={fieldLabel}>
        {label}
        {props.isRequired ? <span className="font-normal text-muted"> (required)</span> : null}
      </Label>
      {description ? (
        <Text slot="description" className={fieldDescription}>
          {description}
        </Text>
      ) : null}
      <Group className="flex min-h-target w-full items-stretch rounded-md border-2 border-border bg-bg data-[invalid]:border-danger">
        <Input className={`${focusRing} min-h-target min-w-0 flex-1 rounded-md bg-bg px-3 text-base text-text`} />
        <AriaButton className={`${target} ${focusRing} rounded-md text-text`}>
          <span aria-hidden="true">▾</span>
        </AriaButton>
      </Group>
      <FieldError className={fieldError}>{errorMessage}</FieldError>
      <Popover className={`${popover} min-w-(--trigger-width) overflow-auto p-1`}>
        <ListBox className="outline-none" renderEmptyState={() => <p className="px-3 py-2">No matches.</p>}>
          {(item: Option) => <OptionItem item={item} />}
        </ListBox>
      </Popover>
    </AriaComboBox>
  );
}
