'use client';

import { ChevronDown } from 'lucide-react';
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
import { fieldDescription, fieldError, fieldLabel, fieldReadOnly, focusRing, icon, popover, target } from './styles';

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
      <Group
        className={`flex min-h-target w-full items-stretch rounded-md border border-border bg-bg shadow-xs transition-colors data-[hovered]:border-text data-[invalid]:border-danger data-[invalid]:shadow-[inset_0_0_0_1px_var(--c-danger)] ${props.isReadOnly || props.isDisabled ? fieldReadOnly : ''}`}
      >
        <Input className={`${focusRing} min-h-target min-w-0 flex-1 rounded-md bg-transparent px-3 text-base text-text`} />
        <AriaButton className={`${target} ${focusRing} flex items-center justify-center rounded-md text-muted data-[hovered]:bg-surface`}>
          <ChevronDown aria-hidden="true" className={icon} strokeWidth={2} />
        </AriaButton>
      </Group>
      <FieldError className={fieldError}>{errorMessage}</FieldError>
      <Popover className={`${popover} min-w-(--trigger-width) overflow-auto p-1`}>
        <ListBox className="outline-none" renderEmptyState={() => <p className="px-3 py-2 text-muted">No matches.</p>}>
          {(item: Option) => <OptionItem item={item} />}
        </ListBox>
      </Popover>
    </AriaComboBox>
  );
}
