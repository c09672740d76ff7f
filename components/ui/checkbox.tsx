'use client';

import { Check, Minus } from 'lucide-react';
import type { ReactNode } from 'react';
import { Checkbox as AriaCheckbox, type CheckboxProps as AriaCheckboxProps } from 'react-aria-components';
import { focusRing } from './styles';
import { useHydrated } from './use-hydrated';

export interface CheckboxProps extends Omit<AriaCheckboxProps, 'className' | 'children'> {
  children: ReactNode;
  className?: string;
}

/**
 * The whole label row is the 44 px target (WCAG 2.5.5), and the box shows a tick, not only
 * a colour change (1.4.1). The ring is drawn on the visible box, not on the hidden input.
 */
export function Checkbox({ children, className = '', ...props }: CheckboxProps) {
  const hydrated = useHydrated();
  return (
    <AriaCheckbox {...props} isReadOnly={props.isReadOnly || !hydrated} className={`group flex min-h-target min-w-target cursor-default items-center gap-3 text-text ${className}`}>
      {({ isSelected, isIndeterminate, isFocusVisible }) => (
        <>
          <span
            aria-hidden="true"
            data-focus-visible={isFocusVisible || undefined}
            className={`${focusRing} flex h-6 w-6 shrink-0 items-center justify-center rounded-sm border-2 transition-colors group-data-[invalid]:border-danger group-data-[disabled]:border-dashed ${
              isSelected || isIndeterminate ? 'border-primary bg-primary text-onPrimary' : 'border-border bg-bg group-data-[hovered]:border-text'
            }`}
          >
            {isIndeterminate ? <Minus className="size-icon-sm" strokeWidth={3} /> : isSelected ? <Check className="size-icon-sm" strokeWidth={3} /> : null}
          </span>
          <span>{children}</span>
        </>
      )}
    </AriaCheckbox>
  );
}
